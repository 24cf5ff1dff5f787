using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Choices;

public class ChoiceMaskTests
{
    public static TheoryData<string, ChoiceSpace> PoliciesAndSpaces()
    {
        var data = new TheoryData<string, ChoiceSpace>();
        foreach (var policy in new[] { "fixed", "uniform", "dropout", "softmax", "gdas", "snas", "dsnas" })
        {
            foreach (var space in new[] { ChoiceSpace.Nb201, ChoiceSpace.Chain, ChoiceSpace.Darts })
            {
                data.Add(policy, space);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PoliciesAndSpaces))]
    public void EveryPolicy_ClosedChoices_NeverRunAndWeighExactlyZero(string name, ChoiceSpace space)
    {
        // The last table's row 1 keeps choice 1 alone, although the closed choice 2 has by far the largest logit.
        var shapes = ChoiceFixture.Shapes(space);
        var group = shapes.Count - 1;
        var choices = shapes[group].Choices;
        var mask = ChoiceMask.AllOpen(shapes).Restrict(new ChoiceSplit(group, 1, 1));
        var tables = new ChoiceTables(shapes, new Random(1), 0.5f);
        tables.Tables[group].Data[choices + 2] = 50f;
        var path = ChoiceFixture.ZeroPath(space);
        path[group][1] = 1;
        IChoicePolicy policy = name switch
        {
            "fixed" => new FixedChoicePolicy(path),
            "uniform" => new UniformChoicePolicy(new Random(2)),
            "dropout" => new PathDropoutChoicePolicy(new Random(2), 0.5),
            "softmax" => new SoftmaxChoicePolicy(tables),
            "gdas" => new GumbelChoicePolicy(tables, new Random(2), hard: true, temperature: 1f),
            "snas" => new GumbelChoicePolicy(tables, new Random(2), hard: false, temperature: 1f),
            _ => new DsnasChoicePolicy(tables, new Random(2)),
        };

        var input = Tensor.Ones(1, 2);
        for (var i = 0; i < 30; i++)
        {
            using var scope = new TensorScope();
            policy.BeginForward(mask);
            var layer = new RecordingLayer(group, 1, choices);
            var output = policy.Forward(layer, input);
            Assert.Equal([1], layer.Runs.Distinct());
            var weights = policy switch
            {
                SoftmaxChoicePolicy s => s.Weights![group],
                GumbelChoicePolicy g => g.Samples![group],
                _ => null,
            };

            // Choice 1 outputs 2 * x; a closed choice mixed in with any weight would change it.
            Assert.Equal([2f, 2f], output!.ToArray());
            if (weights != null)
            {
                Assert.Equal([.. Enumerable.Range(0, choices).Select(k => k == 1 ? 1f : 0f)], weights.ToArray().AsSpan(choices, choices).ToArray());
            }
        }
    }

    [Fact]
    public void Restrict_KeepsOneChoice_AndContainsOnlyPathsThroughIt()
    {
        var mask = ChoiceMask.AllOpen([(3, 4), (2, 5)]).Restrict(new ChoiceSplit(1, 0, 3));
        Assert.False(mask.IsAllOpen);
        Assert.Equal([3], mask.Open(1, 0));
        Assert.Equal([0, 1, 2, 3], mask.Open(0, 2));
        Assert.True(mask.Contains([[0, 1, 2], [3, 4]]));
        Assert.False(mask.Contains([[0, 1, 2], [2, 4]]));
        Assert.False(mask.Contains([[0, 1, 4], [3, 4]]));
        Assert.False(mask.Contains([[0, 1], [3, 4]]));
        Assert.Null(mask.LogitMask(0));
        Assert.Equal([ChoiceMask.ClosedLogit, ChoiceMask.ClosedLogit, ChoiceMask.ClosedLogit, 0f, ChoiceMask.ClosedLogit], mask.LogitMask(1)!.ToArray().Take(5));
    }

    [Fact]
    public void Restrict_ClosedChoiceOrMissingRow_ThrowsNamingIt()
    {
        var mask = ChoiceMask.AllOpen([(3, 4)]).Restrict(new ChoiceSplit(0, 2, 1));
        var closed = Assert.Throws<ArgumentException>(() => mask.Restrict(new ChoiceSplit(0, 2, 3)));
        Assert.Contains("choice 3 is not open on row 2", closed.Message);
        var missing = Assert.Throws<ArgumentException>(() => mask.Restrict(new ChoiceSplit(0, 5, 0)));
        Assert.Contains("row 5 of group 0 does not exist", missing.Message);
    }
}

using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Choices;

public class SoftmaxChoicePolicyTests
{
    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    [InlineData(ChoiceSpace.Darts)]
    public void Forward_MixesTheOpenChoicesBySoftmaxOfTheirLogits_ClosedWeightExactlyZero(ChoiceSpace space)
    {
        var shapes = ChoiceFixture.Shapes(space);
        var tables = new ChoiceTables(shapes, new Random(1), 0.8f);
        var group = shapes.Count - 1;
        var (row, choices) = (1, shapes[group].Choices);
        var mask = ChoiceMask.AllOpen(shapes).Restrict(new ChoiceSplit(group, row, 2));
        var policy = new SoftmaxChoicePolicy(tables);
        policy.BeginForward(ChoiceMask.AllOpen(shapes));
        var input = Tensor.RandomNormal(new Random(2), 0, 1, 2, 3);
        var layer = new RecordingLayer(group, 0, choices);
        var output = policy.Forward(layer, input)!.ToArray();

        // By hand: sum_k softmax(alpha_row)_k * (k + 1) * x.
        var p = ChoiceFixture.Softmax(tables.Tables[group].Data[..choices]);
        var factor = Enumerable.Range(0, choices).Sum(k => p[k] * (k + 1));
        var x = input.ToArray();
        Assert.All(Enumerable.Range(0, x.Length), i => Assert.Equal(factor * x[i], output[i], 4));
        Assert.Equal(p.Select(v => (float)v), policy.Weights![group].ToArray().Take(choices), (a, b) => Math.Abs(a - b) < 1e-6);

        // Restricted: row 1 keeps choice 2 alone, weight exactly 1; the others exactly 0 and never run.
        policy.BeginForward(mask);
        var restricted = new RecordingLayer(group, row, choices);
        var single = policy.Forward(restricted, input)!.ToArray();
        Assert.Equal([2], restricted.Runs);
        var weights = policy.Weights![group].ToArray().AsSpan(row * choices, choices).ToArray();
        Assert.Equal([.. Enumerable.Range(0, choices).Select(k => k == 2 ? 1f : 0f)], weights);
        Assert.Equal(x.Select(v => 3 * v), single);
    }

    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    [InlineData(ChoiceSpace.Darts)]
    public void Backward_AlphaGradient_MatchesFiniteDifferences(ChoiceSpace space)
    {
        // Running-statistics batch norm in evaluation mode: with batch statistics some ReLU input lands within the
        // finite-difference step of its kink, and the numeric estimate is then meaningless.
        var tables = new ChoiceTables(ChoiceFixture.Shapes(space), new Random(7), 0.5f);
        var net = ChoiceFixture.Supernet(space, new SoftmaxChoicePolicy(tables), smooth: true);
        net.Eval();
        var images = ChoiceFixture.Images(space, 5);
        var result = GradCheck.Run(_ => net.Forward(images), [.. tables.Tables], epsilon: 1e-3, maxElementsPerInput: space == ChoiceSpace.Darts ? 24 : 200);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Forward_SubSupernet_ClosedCandidatesNeverReceiveAGradient()
    {
        var tables = new ChoiceTables(ChoiceFixture.Shapes(ChoiceSpace.Nb201), new Random(3), 0.5f);
        var net = ChoiceFixture.Supernet(ChoiceSpace.Nb201, new SoftmaxChoicePolicy(tables));
        net.RestrictTo([new ChoiceSplit(0, 4, 3)]);
        ChoiceFixture.Loss(net, ChoiceSpace.Nb201, 4).Backward();
        var touched = PolicyAssert.TouchedNb201Candidates(net);
        Assert.Contains("4:nor_conv_3x3", touched);
        Assert.DoesNotContain("4:nor_conv_1x1", touched);
        Assert.Contains("3:nor_conv_1x1", touched);
        var grad = tables.Tables[0].Grad!.ToArray();
        Assert.All(Enumerable.Range(0, 5), k => Assert.Equal(0f, grad[(4 * 5) + k]));
    }
}

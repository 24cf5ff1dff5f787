using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Choices;

public class DsnasChoicePolicyTests
{
    // Only edge 3 (3 <- 0) is open; its logits give p = (1/6, 1/3, 1/6, 1/6, 1/6) by hand.
    private static readonly Nb201Genotype Fixed = Nb201Genotype.Parse("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|skip_connect~2|");
    private static readonly double[] HandProbabilities = [1.0 / 6, 1.0 / 3, 1.0 / 6, 1.0 / 6, 1.0 / 6];

    private static ChoiceTables HandTables()
    {
        var tables = new ChoiceTables([(6, 5)], new Random(0), scale: 0f);
        tables.Tables[0].Data[(3 * 5) + 1] = MathF.Log(2f);
        return tables;
    }

    /// <summary>An NB201 supernet whose edges other than 3 keep only the op of <see cref="Fixed"/>.</summary>
    private static ChoiceSupernet OneOpenEdge(IChoicePolicy policy, bool smooth = false)
    {
        var net = ChoiceFixture.Supernet(ChoiceSpace.Nb201, policy, smooth);
        net.RestrictTo([.. Enumerable.Range(0, 6).Where(e => e != 3).Select(e => new ChoiceSplit(0, e, (int)Fixed[e]))]);
        return net;
    }

    [Fact]
    public void BackwardArchitecture_OneOpenEdge_GradientIsCreditTimesOneHotMinusHandSoftmax()
    {
        var tables = HandTables();
        var policy = new DsnasChoicePolicy(tables, new Random(3));
        var net = OneOpenEdge(policy);
        Ops.CrossEntropy(net.Forward(ChoiceFixture.Images(ChoiceSpace.Nb201, 5, 4)), [0, 1, 2, 1]).Backward();
        policy.BackwardArchitecture();

        var s = policy.Chosen[0][3];
        Assert.NotEqual((int)Nb201Operation.None, s);
        Assert.Equal(HandProbabilities, tables.Probabilities(net.Mask)[0].Skip(15).Take(5).Select(v => (double)v), (a, b) => Math.Abs(a - b) < 1e-6);
        var credit = policy.Z![0].Grad!.Data[15 + s];
        Assert.NotEqual(0f, credit);
        var grad = tables.Tables[0].Grad!.ToArray();
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(credit * ((k == s ? 1 : 0) - HandProbabilities[k]), grad[15 + k], 6);
        }

        // Fixed edges: one open op with p = 1, so onehot - p = 0, and closed ops have p = 0 and are never the sample.
        Assert.All(grad.Where((_, i) => i / 5 != 3), v => Assert.Equal(0f, v, 6));
    }

    [Fact]
    public void BackwardArchitecture_ChainSpace_GradientIsTheRecordedCreditTimesOneHotMinusSoftmax()
    {
        var tables = new ChoiceTables(ChoiceFixture.Shapes(ChoiceSpace.Chain), new Random(1), 0.7f);
        var policy = new DsnasChoicePolicy(tables, new Random(2));
        var supernet = ChoiceFixture.Supernet(ChoiceSpace.Chain, policy);
        ChoiceFixture.Loss(supernet, ChoiceSpace.Chain, 3, 4).Backward();
        var p = tables.Probabilities()[0];
        var chosen = policy.Chosen[0].ToArray();
        var credits = policy.Z![0].Grad!.ToArray();
        policy.BackwardArchitecture();
        var grad = tables.Tables[0].Grad!.ToArray();

        for (var row = 0; row < 2; row++)
        {
            var credit = credits[(row * 4) + chosen[row]];
            Assert.NotEqual(0f, credit);
            Assert.All(Enumerable.Range(0, 4).Where(k => k != chosen[row]), k => Assert.Equal(0f, credits[(row * 4) + k]));
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(credit * ((k == chosen[row] ? 1 : 0) - p[(row * 4) + k]), grad[(row * 4) + k], 6);
            }
        }
    }

    // NB201 only: the chain space's credits are below 1e-4 at this size, under what a float32 finite difference of the
    // loss resolves; its credits are checked against the hand formula above.
    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    public void Credits_MatchTheFiniteDifferenceOfTheLossInTheChosenOutputsScale(ChoiceSpace space)
    {
        var shapes = ChoiceFixture.Shapes(space);
        var policy = new DsnasChoicePolicy(new ChoiceTables(shapes, new Random(1), 0.5f), new Random(3));
        var net = ChoiceFixture.Supernet(space, policy, smooth: true);
        net.Eval();
        ChoiceFixture.Loss(net, space, 6, 4).Backward();
        var path = policy.Chosen.Select(r => r.ToArray()).ToArray();
        var credits = policy.Z![0].Grad!.ToArray();
        var row = Enumerable.Range(0, shapes[0].Rows).MaxBy(r => Math.Abs(credits[(r * shapes[0].Choices) + path[0][r]]));
        var credit = credits[(row * shapes[0].Choices) + path[0][row]];

        var scaled = new ScaledPathPolicy(path, shapes);
        net.Policy = scaled;
        float Loss(float scale)
        {
            scaled.Scales[0].Data[(row * shapes[0].Choices) + path[0][row]] = scale;
            using var scope = new TensorScope();
            using var noGrad = new NoGradScope();
            return ChoiceFixture.Loss(net, space, 6, 4).Item();
        }

        const float h = 1e-3f;
        var numeric = (Loss(1 + h) - Loss(1 - h)) / (2 * h);
        Assert.True(Math.Abs(credit) > 1e-3, $"credit {credit} too small for the comparison to mean anything");
        Assert.True(Math.Abs(numeric - credit) <= 1e-4 + (0.02 * Math.Abs(credit)), $"credit {credit} vs numeric {numeric}");
    }

    [Fact]
    public void BeginForward_SamplesFollowSoftmaxOfLogAlpha()
    {
        var policy = new DsnasChoicePolicy(HandTables(), new Random(11));
        var mask = ChoiceMask.AllOpen([(6, 5)]);
        var counts = new int[5];
        const int draws = 6000;
        for (var i = 0; i < draws; i++)
        {
            policy.BeginForward(mask);
            counts[policy.Chosen[0][3]]++;
        }

        Assert.All(Enumerable.Range(0, 5), k => Assert.InRange(counts[k] / (double)draws, HandProbabilities[k] - 0.025, HandProbabilities[k] + 0.025));
    }

    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    public void Forward_ZIsOneOnTheSampledChoices_AndTheOutputIsTheFixedPaths(ChoiceSpace space)
    {
        var policy = new DsnasChoicePolicy(new ChoiceTables(ChoiceFixture.Shapes(space), new Random(2), 0.5f), new Random(1));
        var net = ChoiceFixture.Supernet(space, policy);
        net.Eval();
        var images = ChoiceFixture.Images(space, 7);
        var sampled = net.Forward(images).ToArray();
        var z = policy.Z![0].ToArray();
        Assert.Equal(ChoiceFixture.Shapes(space)[0].Rows, z.Sum());
        Assert.All(policy.Chosen[0].Select((s, r) => z[(r * ChoiceFixture.Shapes(space)[0].Choices) + s]), v => Assert.Equal(1f, v));
        net.Policy = new FixedChoicePolicy(policy.Chosen.Select(r => r.ToArray()).ToArray());
        Assert.Equal(sampled, net.Forward(images).ToArray());
    }
}

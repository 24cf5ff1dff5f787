using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Policies;

public class DsnasPolicyTests
{
    // Only edge 3 (3 <- 0) is open; its logits give p = (1/6, 1/3, 1/6, 1/6, 1/6) by hand.
    private static readonly Nb201Genotype Fixed = Nb201Genotype.Parse("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|nor_conv_3x3~1|skip_connect~2|");
    private static readonly float[] HandProbabilities = [1f / 6, 1f / 3, 1f / 6, 1f / 6, 1f / 6];

    private static Tensor HandLogits()
    {
        var logAlpha = Tensor.Persistent(new TensorShape(6, 5));
        logAlpha.Data[(3 * 5) + 1] = MathF.Log(2f);
        return logAlpha.WithGrad();
    }

    [Fact]
    public void BackwardArchitecture_OneOpenEdge_GradientIsCreditTimesOneHotMinusSoftmax()
    {
        var logAlpha = HandLogits();
        var policy = new DsnasPolicy(logAlpha, new Random(3));
        var net = new Nb201Supernet(PolicyFixture.Tiny, policy, new Random(0), PolicyFixture.AllBut(3, Fixed));
        Ops.CrossEntropy(net.Forward(PolicyFixture.Images(5, 4)), [0, 1, 2, 1]).Backward();
        policy.BackwardArchitecture();

        var s = policy.CurrentPath[3];
        Assert.NotEqual(Nb201Operation.None, s);
        Assert.Equal(HandProbabilities, policy.Probabilities.Slice(15, 5).ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        var credit = policy.Credits()[3];
        Assert.NotEqual(0f, credit);
        var grad = logAlpha.Grad!.ToArray();
        for (var k = 0; k < 5; k++)
        {
            var expected = credit * ((k == (int)s ? 1f : 0f) - HandProbabilities[k]);
            Assert.Equal(expected, grad[15 + k], 6);
        }

        // Fixed edges: one open op with p = 1, so onehot - p = 0 everywhere.
        Assert.All(grad.Where((_, i) => i / 5 != 3), v => Assert.Equal(0f, v, 6));
    }

    [Fact]
    public void Credits_MatchTheFiniteDifferenceOfTheLossInTheChosenOutputsScale()
    {
        var policy = new DsnasPolicy(HandLogits(), new Random(3));
        var net = new Nb201Supernet(PolicyFixture.TinySmooth, policy, new Random(0), PolicyFixture.AllBut(3, Fixed));
        net.Eval();
        var images = PolicyFixture.Images(6, 4);
        int[] labels = [2, 0, 1, 1];
        Ops.CrossEntropy(net.Forward(images), labels).Backward();
        var path = policy.CurrentPath;
        var credit = policy.Credits()[3];

        float Loss(float scale)
        {
            net.Policy = new ScaledEdgePolicy(path, 3, scale);
            using var scope = new TensorScope();
            using var noGrad = new NoGradScope();
            return Ops.CrossEntropy(net.Forward(images), labels).Item();
        }

        const float h = 1e-2f;
        var numeric = (Loss(1 + h) - Loss(1 - h)) / (2 * h);
        Assert.Equal(numeric, credit, 3);
        Assert.True(Math.Abs(credit) > 1e-3, $"credit {credit} too small for the comparison to mean anything");
    }

    [Fact]
    public void BeginForward_SamplesFollowSoftmaxOfLogAlpha()
    {
        var policy = new DsnasPolicy(HandLogits(), new Random(11));
        var space = new Nb201Supernet(PolicyFixture.Tiny, policy, new Random(0)).EdgeSpace;
        var counts = new int[5];
        const int draws = 6000;
        for (var i = 0; i < draws; i++)
        {
            policy.BeginForward(space);
            counts[(int)policy.CurrentPath[3]]++;
        }

        for (var k = 0; k < 5; k++)
        {
            Assert.InRange(counts[k] / (double)draws, HandProbabilities[k] - 0.025, HandProbabilities[k] + 0.025);
        }
    }

    [Fact]
    public void Forward_ZHasValueOneOnTheSampledOps()
    {
        var policy = new DsnasPolicy(PolicyFixture.Alpha(2), new Random(1));
        var net = new Nb201Supernet(PolicyFixture.Tiny, policy, new Random(0));
        var images = PolicyFixture.Images(7);
        var sampled = net.Forward(images).ToArray();
        Assert.Equal(6f, policy.Z!.ToArray().Sum());
        net.Policy = new FixedPathPolicy(policy.CurrentPath);
        Assert.Equal(sampled, net.Forward(images).ToArray());
    }

    /// <summary>Runs a fixed path, scaling one edge's output: the loss as a function of Z_s.</summary>
    private sealed class ScaledEdgePolicy(Nb201Genotype path, int scaledEdge, float scale) : IEdgePolicy
    {
        public void BeginForward(SupernetEdgeSpace space)
        {
        }

        public Tensor? Forward(MixedEdge edge, Tensor input)
        {
            var output = edge.Run(path[edge.Position], input);
            return output != null && edge.Position == scaledEdge ? Ops.Scale(output, scale) : output;
        }
    }
}

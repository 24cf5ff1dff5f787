using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Policies;

public class GumbelHardPolicyTests
{
    [Fact]
    public void Forward_RunsOnlyTheSampledOpPerEdge_AndAlphaGetsAGradient()
    {
        var alpha = PolicyFixture.Alpha(3);
        var policy = new GumbelHardPolicy(alpha, new Random(4), temperature: 1f);
        var net = new Nb201Supernet(PolicyFixture.Tiny, policy, new Random(0));
        Ops.CrossEntropy(net.Forward(PolicyFixture.Images(1)), [0, 2]).Backward();
        var path = policy.CurrentPath;

        Assert.Equal(PolicyFixture.ConvolutionsOf(path), PolicyFixture.TouchedCandidates(net));
        var grad = alpha.Grad!.ToArray();
        for (var e = 0; e < 6; e++)
        {
            // The straight-through gradient reaches every logit of an edge whose chosen op has an output.
            var row = grad.AsSpan(e * 5, 5).ToArray();
            Assert.Equal(path[e] != Nb201Operation.None, row.Any(v => v != 0));
        }
    }

    [Fact]
    public void Forward_HardSampleOfOne_GivesExactlyTheFixedPathOutput()
    {
        var policy = new GumbelHardPolicy(PolicyFixture.Alpha(5), new Random(6));
        var net = new Nb201Supernet(PolicyFixture.Tiny, policy, new Random(0));
        var images = PolicyFixture.Images(2);
        var sampled = net.Forward(images).ToArray();
        var sample = policy.Sample!.ToArray();
        Assert.All(Enumerable.Range(0, 6), e => Assert.Equal(1f, sample.Skip(e * 5).Take(5).Sum()));
        Assert.All(sample, v => Assert.True(v is 0f or 1f));

        net.Policy = new FixedPathPolicy(policy.CurrentPath);
        Assert.Equal(sampled, net.Forward(images).ToArray());
    }

    [Fact]
    public void BeginForward_SubSupernet_NeverDrawsAClosedOp()
    {
        var alpha = Tensor.Persistent(new TensorShape(6, 5));
        alpha.Data[(2 * 5) + (int)Nb201Operation.AvgPool3x3] = 50f; // the closed op is by far the strongest
        var policy = new GumbelHardPolicy(alpha, new Random(7), temperature: 1f);
        var net = new Nb201Supernet(PolicyFixture.Tiny, policy, new Random(0), [new SupernetSplit(2, Nb201Operation.SkipConnect)]);
        for (var i = 0; i < 20; i++)
        {
            using var scope = new TensorScope();
            net.Forward(PolicyFixture.Images(i));
            Assert.Equal(Nb201Operation.SkipConnect, policy.CurrentPath[2]);
        }
    }

    [Fact]
    public void Temperature_NonPositive_Throws()
    {
        var policy = new GumbelHardPolicy(PolicyFixture.Alpha(1), new Random(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.Temperature = 0f);
        Assert.Throws<ArgumentException>(() => new GumbelHardPolicy(Tensor.Zeros(5, 6), new Random(1)));
    }
}

using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Policies;

public class GumbelSoftPolicyTests
{
    [Fact]
    public void Forward_RunsEveryOpWithTheRelaxedSampleAsWeights()
    {
        var alpha = PolicyFixture.Alpha(8);
        var policy = new GumbelSoftPolicy(alpha, new Random(9), temperature: 0.7f);
        var net = new Nb201Supernet(PolicyFixture.Tiny, policy, new Random(0));
        var images = PolicyFixture.Images(3);
        var relaxed = net.Forward(images).ToArray();
        var sample = policy.Sample!.ToArray();
        Assert.All(Enumerable.Range(0, 6), e => Assert.Equal(1f, sample.Skip(e * 5).Take(5).Sum(), 5));
        Assert.All(sample, v => Assert.InRange(v, 0f, 1f));

        // The same weights through the DARTS policy with logits log(sample) give the same output: the sample is the mix.
        var logits = Tensor.FromArray(sample.Select(v => MathF.Log(v)).ToArray(), 6, 5);
        net.Policy = new SoftmaxWeightedPolicy(logits);
        var mixed = net.Forward(images).ToArray();
        for (var i = 0; i < mixed.Length; i++)
        {
            Assert.Equal(mixed[i], relaxed[i], 4);
        }
    }

    [Fact]
    public void Backward_EveryConvolutionAndEveryLogitGetsAGradient()
    {
        var alpha = PolicyFixture.Alpha(10);
        var net = new Nb201Supernet(PolicyFixture.Tiny, new GumbelSoftPolicy(alpha, new Random(11)), new Random(0));
        Ops.CrossEntropy(net.Forward(PolicyFixture.Images(4)), [1, 0]).Backward();
        Assert.Equal(12, PolicyFixture.TouchedCandidates(net).Count);
        Assert.All(alpha.Grad!.ToArray(), v => Assert.NotEqual(0f, v));
    }
}

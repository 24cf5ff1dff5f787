using NasSharp.Tensors;
using O = NasSharp.Tensors.Ops;

namespace NasSharp.Tensors.Tests.Autograd;

public class EarlyReleaseTests
{
    private static (Tensor X, Tensor U) Inputs()
    {
        var random = new Random(3);
        return (Tensor.RandomUniform(random, -1f, 1f, 2, 3, 6, 6).WithGrad(), Tensor.RandomUniform(random, -1f, 1f, 2, 3, 6, 6).WithGrad());
    }

    private static float[] GradientOfX(bool release)
    {
        using var scope = new TensorScope();
        var (x, u) = Inputs();
        var pooled = O.AvgPool2d(x, 3, 1, 1);
        var bn = O.BatchNorm2d(O.Relu(u), null, null, null, null, training: true, 0.1f, 1e-5f);
        var node = O.AddN([pooled, bn]);
        if (release)
        {
            Assert.True(pooled.TryReleaseEarly());
            Assert.True(bn.TryReleaseEarly());
        }

        O.Sum(O.Multiply(node, node)).Backward();
        return [.. x.Grad!.ToArray(), .. u.Grad!.ToArray()];
    }

    [Fact]
    public void TryReleaseEarly_OutputsOnlySummed_AreReleasedAndGradientsAreUnchanged()
    {
        Assert.Equal(GradientOfX(release: false), GradientOfX(release: true));
    }

    [Fact]
    public void TryReleaseEarly_ReleasedTensorThrowsWhenRead()
    {
        using var scope = new TensorScope();
        var (x, u) = Inputs();
        var pooled = O.AvgPool2d(x, 3, 1, 1);
        _ = O.AddN([pooled, u]);
        Assert.True(pooled.TryReleaseEarly());
        Assert.Throws<ObjectDisposedException>(() => pooled.Data[0]);
    }

    [Fact]
    public void TryReleaseEarly_KeepsWhatTheBackwardPassOrAViewNeeds()
    {
        using var scope = new TensorScope();
        var (x, u) = Inputs();
        var read = O.AvgPool2d(x, 3, 1, 1);
        _ = O.Multiply(read, u);
        Assert.False(read.TryReleaseEarly());

        var reluOutput = O.Relu(x);
        _ = O.AddN([reluOutput, u]);
        Assert.False(reluOutput.TryReleaseEarly());

        var viewed = O.AvgPool2d(u, 3, 1, 1);
        _ = O.Reshape(viewed, 2, 108).Detach();
        Assert.False(viewed.TryReleaseEarly());

        Assert.False(x.TryReleaseEarly());
    }

    [Fact]
    public void TryReleaseEarly_AfterTheReaderIsFreedByBackward_Releases()
    {
        using var scope = new TensorScope();
        var (x, _) = Inputs();
        var pooled = O.AvgPool2d(x, 3, 1, 1);
        O.Sum(O.Multiply(pooled, pooled)).Backward();
        Assert.True(pooled.TryReleaseEarly());
    }

    [Fact]
    public void TryReleaseEarly_BatchNormOutputReadOnlyByRelu_IsReleasedAndGradientsAreUnchanged()
    {
        float[] Gradient(bool release)
        {
            using var scope = new TensorScope();
            var (x, _) = Inputs();
            var bn = O.BatchNorm2d(x, null, null, null, null, training: true, 0.1f, 1e-5f);
            var y = O.Relu(bn);
            Assert.Equal(release, release && bn.TryReleaseEarly());
            O.Sum(O.Multiply(y, y)).Backward();
            return x.Grad!.ToArray();
        }

        Assert.Equal(Gradient(release: false), Gradient(release: true));
    }

    [Fact]
    public void TryReleaseEarly_WeightedSumTerm_ReleasedOnlyWhenTheWeightsNeedNoGradient()
    {
        using var scope = new TensorScope();
        var (x, _) = Inputs();
        var fixedWeights = Tensor.FromArray([0.25f, 0.75f], 2);
        var term = O.BatchNorm2d(x, null, null, null, null, training: true, 0.1f, 1e-5f);
        _ = O.WeightedSum([term, x], fixedWeights, [0, 1]);
        Assert.True(term.TryReleaseEarly());

        var learned = Tensor.FromArray([0.25f, 0.75f], 2).WithGrad();
        var read = O.BatchNorm2d(x, null, null, null, null, training: true, 0.1f, 1e-5f);
        _ = O.WeightedSum([read, x], learned, [0, 1]);
        Assert.False(read.TryReleaseEarly());
    }
}

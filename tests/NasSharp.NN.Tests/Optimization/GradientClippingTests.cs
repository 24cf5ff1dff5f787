using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class GradientClippingTests
{
    [Fact]
    public void ClipByGlobalNorm_AboveMax_ScalesAllGradientsToMaxNormAndReturnsOriginalNorm()
    {
        var a = TestTensors.Param([0f, 0f]);
        var b = TestTensors.Param([0f]);
        TestTensors.SetGradient(a, [3f, 0f]);
        TestTensors.SetGradient(b, [4f]);
        var norm = GradientClipping.ClipByGlobalNorm([a, b], 1f);
        Assert.Equal(5f, norm, 5);
        TestTensors.Close([0.6f, 0f], a.Grad!.Data);
        TestTensors.Close([0.8f], b.Grad!.Data);
    }

    [Fact]
    public void ClipByGlobalNorm_BelowMax_LeavesGradients()
    {
        var a = TestTensors.Param([0f, 0f]);
        TestTensors.SetGradient(a, [0.3f, 0.4f]);
        Assert.Equal(0.5f, GradientClipping.ClipByGlobalNorm([a, TestTensors.Param([1f])], 5f), 5);
        Assert.Equal([0.3f, 0.4f], a.Grad!.ToArray());
    }

    [Fact]
    public void ClipByGlobalNorm_NonPositiveMax_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm([], 0f));
}

using NasSharp.Kernels;
using NasSharp.NN.Optimization;
using NasSharp.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

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

    [Fact]
    public void GlobalNorm_AnyThreadCount_BitwiseEqualsTheSerialSumInParameterOrder()
    {
        var random = new Random(7);
        var parameters = new[] { 100_003, 1, 4_096, 77 }.Select(n => TestTensors.Param(new float[n])).ToList();
        parameters.Add(TestTensors.Param([1f])); // no gradient: skipped
        foreach (var p in parameters.Take(4))
        {
            TestTensors.SetGradient(p, Enumerable.Range(0, p.Count).Select(_ => random.NextSingle() - 0.5f).ToArray());
        }

        var serial = 0.0;
        foreach (var p in parameters.Take(4))
        {
            serial += TensorPrimitives.SumOfSquares(p.Grad!.Data);
        }

        var saved = KernelParallel.ThreadCount;
        try
        {
            foreach (var threads in new[] { 1, 2, 3 })
            {
                KernelParallel.ThreadCount = threads;
                Assert.Equal((float)Math.Sqrt(serial), GradientClipping.GlobalNorm(parameters));
            }
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }
}

using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// <see cref="Convolution.BackwardWeight"/> (weight and bias gradients) at the NAS-Bench-201 shapes
/// (reference: one image, see <see cref="ConvBenchmarkBase"/>).
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class ConvBackwardWeightBenchmarks : ConvBenchmarkBase
{
    private AlignedBuffer weightGrad = AlignedBuffer.Empty;
    private AlignedBuffer biasGrad = AlignedBuffer.Empty;

    protected override void AllocateGradients()
    {
        weightGrad = BenchData.Buffer(Full.WeightLength);
        biasGrad = BenchData.Buffer(Full.Cout);
    }

    [Benchmark(Baseline = true)]
    public void Reference() => ConvolutionReference.BackwardWeight(Slice, InputOf(Slice), OutputOf(Slice), weightGrad, biasGrad);

    [Benchmark]
    public void Kernel() => Convolution.BackwardWeight(Full, X, Y, weightGrad, biasGrad);
}

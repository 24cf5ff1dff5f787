using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// <see cref="Convolution.BackwardData"/> at the NAS-Bench-201 shapes (reference: one image, see
/// <see cref="ConvBenchmarkBase"/>). The gradient accumulates into the input-sized buffer call after call.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class ConvBackwardDataBenchmarks : ConvBenchmarkBase
{
    private AlignedBuffer inputGrad = AlignedBuffer.Empty;

    protected override void AllocateGradients() => inputGrad = BenchData.Buffer(Full.InputLength);

    [Benchmark(Baseline = true)]
    public void Reference() => ConvolutionReference.BackwardData(Slice, OutputOf(Slice), Weight, inputGrad.AsSpan(0, Slice.InputLength));

    [Benchmark]
    public void Kernel() => Convolution.BackwardData(Full, Y, Weight, inputGrad);
}

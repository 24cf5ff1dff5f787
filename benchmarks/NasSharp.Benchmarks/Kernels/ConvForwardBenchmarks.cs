using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Benchmarks.Kernels;

/// <summary><see cref="Convolution.Forward"/> at the NAS-Bench-201 shapes (reference: one image, see <see cref="ConvBenchmarkBase"/>).</summary>
[Config(typeof(KernelBenchmarkConfig))]
public class ConvForwardBenchmarks : ConvBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public void Reference() => ConvolutionReference.Forward(Slice, InputOf(Slice), Weight, Bias, OutputOf(Slice));

    [Benchmark]
    public void Kernel() => Convolution.Forward(Full, X, Weight, Bias, Y);
}

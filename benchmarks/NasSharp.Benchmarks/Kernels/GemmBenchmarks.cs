using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Benchmarks.Kernels;

/// <summary><see cref="Gemm.Multiply(GemmLayout, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> against the scalar triple loop at the products NAS-Bench-201 convolutions and the language-model step produce.</summary>
[Config(typeof(KernelBenchmarkConfig))]
public class GemmBenchmarks : IKernelWork
{
    private AlignedBuffer a = AlignedBuffer.Empty;
    private AlignedBuffer b = AlignedBuffer.Empty;
    private AlignedBuffer c = AlignedBuffer.Empty;

    public static IEnumerable<GemmShape> Shapes => GemmShape.Nb201.Concat(GemmShape.LanguageModel);

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.Nb201.First();

    [GlobalSetup]
    public void Setup()
    {
        a = BenchData.Random(1, Shape.M * Shape.K);
        b = BenchData.Random(2, Shape.K * Shape.N);
        c = BenchData.Buffer(Shape.M * Shape.N);
    }

    [Benchmark(Baseline = true)]
    public void Reference() => GemmReference.Multiply(Shape.Layout, a, b, c);

    [Benchmark]
    public void Kernel() => Gemm.Multiply(Shape.Layout, a, b, c);

    public KernelWork WorkOf(string benchmark) => Shape.Work;
}

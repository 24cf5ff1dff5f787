using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// Buffers shared by the convolution benchmarks (NAS-Bench-201 shapes and the chain space's 1x1 shapes): the full batch for the kernel, and a
/// one-image slice for the scalar reference (which would take seconds per call on the whole batch).
/// The reference baseline therefore does 1/64 of the work: compare GFLOP/s (and Speedup/FLOP), not Ratio.
/// </summary>
public abstract class ConvBenchmarkBase : IKernelWork
{
    /// <summary>Images the scalar reference convolves per call.</summary>
    protected const int ReferenceBatch = 1;

    public static IEnumerable<ConvShape> Shapes => Nb201Shapes.Convolutions.Concat(Nb201Shapes.Reductions).Concat(ChainShapes.Pointwise).Concat(Nb201Shapes.FashionMnistConvolutions3x3).Concat(Nb201Shapes.FashionMnistConvolutions1x1).Concat(DartsShapes.FashionMnistFactorizedReductions);

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = Nb201Shapes.Convolutions.First();

    protected Conv2dGeometry Full { get; private set; }

    protected Conv2dGeometry Slice { get; private set; }

    protected AlignedBuffer X { get; private set; } = AlignedBuffer.Empty;

    protected AlignedBuffer Weight { get; private set; } = AlignedBuffer.Empty;

    protected AlignedBuffer Bias { get; private set; } = AlignedBuffer.Empty;

    protected AlignedBuffer Y { get; private set; } = AlignedBuffer.Empty;

    /// <summary>Set when the benchmark is a depthwise one (groups == channels).</summary>
    protected virtual bool Depthwise => false;

    [GlobalSetup]
    public void Setup()
    {
        Full = Shape.Geometry(depthwise: Depthwise);
        Slice = Shape.Geometry(ReferenceBatch, Depthwise);
        X = BenchData.Random(1, Full.InputLength);
        Weight = BenchData.Random(2, Full.WeightLength);
        Bias = BenchData.Random(3, Full.Cout);
        Y = BenchData.Random(4, Full.OutputLength);
        AllocateGradients();
    }

    public KernelWork WorkOf(string benchmark) => ConvShape.Work(IsReference(benchmark) ? Shape.Geometry(ReferenceBatch, Depthwise) : Shape.Geometry(depthwise: Depthwise));

    /// <summary>Allocates the gradient buffers a backward benchmark accumulates into.</summary>
    protected virtual void AllocateGradients()
    {
    }

    /// <summary>The first <paramref name="g"/>.InputLength elements of the input (the reference's slice).</summary>
    protected ReadOnlySpan<float> InputOf(Conv2dGeometry g) => X.AsSpan(0, g.InputLength);

    protected Span<float> OutputOf(Conv2dGeometry g) => Y.AsSpan(0, g.OutputLength);

    private static bool IsReference(string benchmark) => benchmark.StartsWith("Reference", StringComparison.Ordinal);
}

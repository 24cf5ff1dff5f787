using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// The elementwise kernels of a NAS-Bench-201 step (ReLU forward and backward, in-place addition) at its stage
/// shapes (every stage holds 1 M floats at batch 64). The scalar reference runs on one image (1/64 of the work):
/// compare GB/s, not Ratio.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class ElementwiseBenchmarks : IKernelWork
{
    private const int ReferenceBatch = 1;
    private int length;
    private AlignedBuffer x = AlignedBuffer.Empty;
    private AlignedBuffer dy = AlignedBuffer.Empty;
    private AlignedBuffer y = AlignedBuffer.Empty;
    private AlignedBuffer dx = AlignedBuffer.Empty;

    public static IEnumerable<ConvShape> Shapes => Nb201Shapes.Convolutions3x3;

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = Nb201Shapes.Convolutions3x3.First();

    [Params(ElementwiseKind.ReluForward, ElementwiseKind.ReluBackward, ElementwiseKind.AddInPlace)]
    public ElementwiseKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        length = Shape.N * Shape.C * Shape.H * Shape.W;
        (x, dy, y, dx) = (BenchData.Random(1, length), BenchData.Random(2, length), BenchData.Buffer(length), BenchData.Buffer(length));
    }

    [Benchmark(Baseline = true)]
    public void Reference()
    {
        var n = length / Shape.N * ReferenceBatch;
        switch (Kind)
        {
            case ElementwiseKind.ReluForward: UnaryReference.Map(UnaryReference.Relu, x.AsSpan(0, n), y.AsSpan(0, n)); break;
            case ElementwiseKind.ReluBackward: UnaryReference.AccumulateGradient(UnaryReference.ReluGradient, x.AsSpan(0, n), dy.AsSpan(0, n), dx.AsSpan(0, n)); break;
            default:
                for (var i = 0; i < n; i++)
                {
                    dx[i] += dy[i];
                }

                break;
        }
    }

    [Benchmark]
    public void Kernel()
    {
        switch (Kind)
        {
            case ElementwiseKind.ReluForward: Unary.Map(default(ReluOperator), x, y); break;
            case ElementwiseKind.ReluBackward: Unary.AccumulateGradient(default(ReluGradientOperator), x, y, dy, dx); break;
            default: Elementwise.AddInPlace(dx, dy); break;
        }
    }

    /// <summary>Per element, 1 flop and: ReLU forward 8 bytes (read x, write y), backward 16 (read x and dy, update dx), addition 12 (read src, update dst).</summary>
    public KernelWork WorkOf(string benchmark)
    {
        double elements = length / (double)Shape.N * (benchmark == nameof(Reference) ? ReferenceBatch : Shape.N);
        return new(elements, elements * Kind switch
        {
            ElementwiseKind.ReluForward => 8,
            ElementwiseKind.ReluBackward => 16,
            _ => 12,
        });
    }
}

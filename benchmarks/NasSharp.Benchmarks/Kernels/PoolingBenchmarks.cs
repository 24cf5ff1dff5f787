using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// 3x3 pad-1 pooling at the NAS-Bench-201 stage shapes, on 32 x 32 and on 28 x 28 images (average with
/// count_include_pad=false, as the NAS-Bench-201 cell uses, and max), forward and backward, at stride 1 (NAS-Bench-201 and DARTS cells)
/// and stride 2 (the DARTS reduction cell's pooling edges; the shape is the input's). The scalar
/// reference runs on one image (1/64 of the work): compare GB/s, not Ratio.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class PoolingBenchmarks : IKernelWork
{
    private const int ReferenceBatch = 1;
    private Pool2dGeometry full;
    private Pool2dGeometry slice;
    private AlignedBuffer x = AlignedBuffer.Empty;
    private AlignedBuffer y = AlignedBuffer.Empty;
    private AlignedBuffer dy = AlignedBuffer.Empty;
    private AlignedBuffer dx = AlignedBuffer.Empty;
    private int[] argmax = [];

    public static IEnumerable<ConvShape> Shapes => Nb201Shapes.Convolutions3x3.Concat(Nb201Shapes.FashionMnistConvolutions3x3.Where(s => s.Stride == 1));

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = Nb201Shapes.Convolutions3x3.First();

    [Params(PoolKind.Average, PoolKind.Max)]
    public PoolKind Kind { get; set; }

    [Params(KernelPass.Forward, KernelPass.BackwardData)]
    public KernelPass Pass { get; set; }

    [Params(1, 2)]
    public int Stride { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        (full, slice) = (Geometry(Shape.N), Geometry(ReferenceBatch));
        (x, y, dy, dx) = (BenchData.Random(1, full.InputLength), BenchData.Buffer(full.OutputLength), BenchData.Random(2, full.OutputLength), BenchData.Buffer(full.InputLength));
        argmax = new int[full.OutputLength];
        MaxPooling.Forward(full, x, y, argmax);
    }

    [Benchmark(Baseline = true)]
    public void Reference()
    {
        var xs = x.AsSpan(0, slice.InputLength);
        var ys = y.AsSpan(0, slice.OutputLength);
        var dys = dy.AsSpan(0, slice.OutputLength);
        var dxs = dx.AsSpan(0, slice.InputLength);
        switch (Kind, Pass)
        {
            case (PoolKind.Average, KernelPass.Forward): AveragePoolingReference.Forward(slice, false, xs, ys); break;
            case (PoolKind.Average, _): AveragePoolingReference.Backward(slice, false, dys, dxs); break;
            case (_, KernelPass.Forward): MaxPoolingReference.Forward(slice, xs, ys, argmax.AsSpan(0, slice.OutputLength)); break;
            default: MaxPoolingReference.Backward(slice, xs, dys, dxs); break;
        }
    }

    [Benchmark]
    public void Kernel()
    {
        switch (Kind, Pass)
        {
            case (PoolKind.Average, KernelPass.Forward): AveragePooling.Forward(full, false, x, y); break;
            case (PoolKind.Average, _): AveragePooling.Backward(full, false, dy, dx); break;
            case (_, KernelPass.Forward): MaxPooling.Forward(full, x, y, argmax); break;
            default: MaxPooling.Backward(full, dy, argmax, dx); break;
        }
    }

    /// <summary>Forward: 9 flops per output, reads x and writes y (and the argmax); backward: reads dy and updates dx.</summary>
    public KernelWork WorkOf(string benchmark)
    {
        var g = Geometry(benchmark == nameof(Reference) ? ReferenceBatch : Shape.N);
        var (inputs, outputs) = ((double)g.InputLength, (double)g.OutputLength);
        var maxIndex = Kind == PoolKind.Max ? 4 * outputs : 0;
        return Pass == KernelPass.Forward
            ? new(9 * outputs, (4 * (inputs + outputs)) + maxIndex)
            : new((Kind == PoolKind.Max ? 1 : 9) * outputs, (4 * outputs) + (8 * inputs) + maxIndex);
    }

    private Pool2dGeometry Geometry(int batch) => new(batch, Shape.C, Shape.H, Shape.W, 3, Stride, 1);
}

using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// Depthwise convolution (groups == channels) at the NAS-Bench-201 stage shapes (3x3) and the chain space's
/// ShuffleNetV2 shapes (3x3, 5x5, 7x7, stride 1 and 2; <see cref="ChainShapes"/>) and the DARTS search network's
/// (<see cref="DartsShapes"/>, on 32 x 32 and on 28 x 28 images), every pass. The
/// scalar reference runs on one image (1/64 of the work): compare GFLOP/s, not Ratio.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class DepthwiseConvBenchmarks : IKernelWork
{
    private const int ReferenceBatch = 1;
    private Conv2dGeometry full;
    private Conv2dGeometry slice;
    private AlignedBuffer x = AlignedBuffer.Empty;
    private AlignedBuffer weight = AlignedBuffer.Empty;
    private AlignedBuffer y = AlignedBuffer.Empty;
    private AlignedBuffer inputGrad = AlignedBuffer.Empty;
    private AlignedBuffer weightGrad = AlignedBuffer.Empty;

    public static IEnumerable<ConvShape> Shapes => Nb201Shapes.Convolutions3x3.Concat(ChainShapes.Depthwise).Concat(ChainShapes.DepthwiseStrided).Concat(DartsShapes.Depthwise).Concat(DartsShapes.FashionMnistDepthwise).Concat(DartsShapes.FashionMnistDepthwiseStrided);

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = Nb201Shapes.Convolutions3x3.First();

    [Params(KernelPass.Forward, KernelPass.BackwardData, KernelPass.BackwardWeight)]
    public KernelPass Pass { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        full = Shape.Geometry(depthwise: true);
        slice = Shape.Geometry(ReferenceBatch, depthwise: true);
        x = BenchData.Random(1, full.InputLength);
        weight = BenchData.Random(2, full.WeightLength);
        y = BenchData.Random(3, full.OutputLength);
        inputGrad = BenchData.Buffer(full.InputLength);
        weightGrad = BenchData.Buffer(full.WeightLength);
    }

    [Benchmark(Baseline = true)]
    public void Reference()
    {
        var xs = x.AsSpan(0, slice.InputLength);
        var ys = y.AsSpan(0, slice.OutputLength);
        var dxs = inputGrad.AsSpan(0, slice.InputLength);
        switch (Pass)
        {
            case KernelPass.Forward: ConvolutionReference.Forward(slice, xs, weight, [], ys); break;
            case KernelPass.BackwardData: ConvolutionReference.BackwardData(slice, ys, weight, dxs); break;
            default: ConvolutionReference.BackwardWeight(slice, xs, ys, weightGrad, []); break;
        }
    }

    [Benchmark]
    public void Kernel()
    {
        switch (Pass)
        {
            case KernelPass.Forward: Convolution.Forward(full, x, weight, [], y); break;
            case KernelPass.BackwardData: Convolution.BackwardData(full, y, weight, inputGrad); break;
            default: Convolution.BackwardWeight(full, x, y, weightGrad, []); break;
        }
    }

    public KernelWork WorkOf(string benchmark) =>
        ConvShape.Work(benchmark == nameof(Reference) ? Shape.Geometry(ReferenceBatch, depthwise: true) : Shape.Geometry(depthwise: true));
}

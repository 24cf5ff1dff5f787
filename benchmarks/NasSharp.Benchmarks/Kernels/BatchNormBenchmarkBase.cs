using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// Training-mode batch normalisation at the NAS-Bench-201 and chain-space stage shapes, alone or fused with the ReLU after
/// it (<see cref="Relu"/>): forward = statistics + inverse std + normalise (the fused training kernel the engine calls);
/// backward = input, gamma and beta gradients (with the ReLU's mask from the forward's scale and shift). The
/// double-precision reference (batch norm alone) runs on one image (1/64 of the work): compare GB/s, not Ratio.
/// </summary>
public abstract class BatchNormBenchmarkBase : IKernelWork
{
    private const int ReferenceBatch = 1;
    private const float Epsilon = 1e-5f;
    private BatchNormGeometry full;
    private BatchNormGeometry slice;
    private AlignedBuffer x = AlignedBuffer.Empty;
    private AlignedBuffer dy = AlignedBuffer.Empty;
    private AlignedBuffer y = AlignedBuffer.Empty;
    private AlignedBuffer dx = AlignedBuffer.Empty;
    private AlignedBuffer gamma = AlignedBuffer.Empty;
    private AlignedBuffer beta = AlignedBuffer.Empty;
    private AlignedBuffer mean = AlignedBuffer.Empty;
    private AlignedBuffer variance = AlignedBuffer.Empty;
    private AlignedBuffer invStd = AlignedBuffer.Empty;
    private AlignedBuffer dGamma = AlignedBuffer.Empty;
    private AlignedBuffer dBeta = AlignedBuffer.Empty;
    private AlignedBuffer scales = AlignedBuffer.Empty;
    private AlignedBuffer shifts = AlignedBuffer.Empty;

    /// <summary>NAS-Bench-201's and the chain space's planes, and since session 35 the 28 x 28 network's (28, 14 and 7 wide).</summary>
    public static IEnumerable<ConvShape> Shapes =>
        Nb201Shapes.Convolutions3x3.Concat(ChainShapes.Planes).Concat(Nb201Shapes.FashionMnistConvolutions1x1);

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = Nb201Shapes.Convolutions3x3.First();

    [Params(KernelPass.Forward, KernelPass.BackwardData)]
    public KernelPass Pass { get; set; }

    /// <summary>The batch norm fused with the ReLU after it (<c>Ops.BatchNorm2dRelu</c>).</summary>
    protected abstract bool Relu { get; }

    [GlobalSetup]
    public void Setup()
    {
        full = new BatchNormGeometry(Shape.N, Shape.C, Shape.H * Shape.W);
        slice = full with { N = ReferenceBatch };
        (x, dy, y, dx) = (BenchData.Random(1, full.Length), BenchData.Random(2, full.Length), BenchData.Buffer(full.Length), BenchData.Buffer(full.Length));
        (gamma, beta) = (BenchData.Random(3, full.C), BenchData.Random(4, full.C));
        (mean, variance, invStd, dGamma, dBeta) = (BenchData.Buffer(full.C), BenchData.Buffer(full.C), BenchData.Buffer(full.C), BenchData.Buffer(full.C), BenchData.Buffer(full.C));
        (scales, shifts) = (BenchData.Buffer(full.C), BenchData.Buffer(full.C));
        // The forward the backward pass belongs to (with the ReLU about half the outputs are zero: beta is centred on zero).
        BatchNormalization.ForwardTraining(full, Epsilon, x, gamma, beta, mean, variance, invStd, y, Relu);
        BatchNormalization.ScaleAndShift(mean, invStd, gamma, beta, scales, shifts);
    }

    [Benchmark(Baseline = true)]
    public void Reference()
    {
        var xs = x.AsSpan(0, slice.Length);
        var ys = y.AsSpan(0, slice.Length);
        if (Pass == KernelPass.Forward)
        {
            BatchNormalizationReference.ForwardTraining(slice, Epsilon, xs, gamma, beta, ys, mean, variance);
        }
        else
        {
            BatchNormalizationReference.Backward(slice, true, Epsilon, xs, dy.AsSpan(0, slice.Length), gamma, mean, variance, dx.AsSpan(0, slice.Length), dGamma, dBeta);
        }
    }

    [Benchmark]
    public void Kernel()
    {
        if (Pass == KernelPass.Forward)
        {
            BatchNormalization.ForwardTraining(full, Epsilon, x, gamma, beta, mean, variance, invStd, y, Relu);
        }
        else if (Relu)
        {
            BatchNormalization.Backward(full, true, x, dy, mean, invStd, gamma, dx, dGamma, dBeta, reluScales: scales, reluShifts: shifts);
        }
        else
        {
            BatchNormalization.Backward(full, true, x, dy, mean, invStd, gamma, dx, dGamma, dBeta);
        }
    }

    /// <summary>
    /// Forward: 6 flops (7 with the ReLU) and 8 bytes (read x, write y) per element; backward: 9 flops (10) and 16 bytes
    /// (read x, dy; update dx): only the tensors the op must touch, whatever else it reads.
    /// </summary>
    public KernelWork WorkOf(string benchmark)
    {
        double elements = Shape.C * Shape.H * Shape.W * (benchmark == nameof(Reference) ? ReferenceBatch : Shape.N);
        var relu = Relu ? 1 : 0;
        return Pass == KernelPass.Forward ? new((6 + relu) * elements, 8 * elements) : new((9 + relu) * elements, 16 * elements);
    }
}

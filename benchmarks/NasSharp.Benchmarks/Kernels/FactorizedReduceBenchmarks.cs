using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// DARTS's factorized reductions on 28 x 28 images (<see cref="DartsShapes.FashionMnistFactorizedReductions"/>: each shape's
/// output channels are one half's) before their batch norm. Reference: the kernels of the ops the reduction was composed
/// of until session 35 (ReLU, the one-pixel shift as a fill and a box copy, two strided 1x1 convolutions, the
/// concatenation; backward: the concatenation's slices, both convolutions' gradients, the shift's box copy added into a
/// zeroed gradient, the ReLU's mask); Kernel: <see cref="FactorizedReduction"/>. Same values (bit for bit), same batch:
/// Ratio compares them directly. Backward is the input gradient (added to a non-zero one) and both weight gradients.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class FactorizedReduceBenchmarks : IKernelWork
{
    private Conv2dGeometry half;
    private AlignedBuffer x = AlignedBuffer.Empty, w1 = AlignedBuffer.Empty, w2 = AlignedBuffer.Empty, y = AlignedBuffer.Empty, dy = AlignedBuffer.Empty, dx = AlignedBuffer.Empty, dw1 = AlignedBuffer.Empty, dw2 = AlignedBuffer.Empty;
    private AlignedBuffer relu = AlignedBuffer.Empty, shifted = AlignedBuffer.Empty, y1 = AlignedBuffer.Empty, y2 = AlignedBuffer.Empty, dy1 = AlignedBuffer.Empty, dy2 = AlignedBuffer.Empty, reluGrad = AlignedBuffer.Empty, shiftedGrad = AlignedBuffer.Empty;
    private BoxLayout? shift, unshift, concat1, concat2, slice1, slice2;

    public static IEnumerable<ConvShape> Shapes => DartsShapes.FashionMnistFactorizedReductions;

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = DartsShapes.FashionMnistFactorizedReductions.First();

    [Params("Forward", "Backward")]
    public string Pass { get; set; } = "Forward";

    [GlobalSetup]
    public void Setup()
    {
        half = FactorizedReduction.HalfGeometry(Shape.N, Shape.C, Shape.H, Shape.W, Shape.OutChannels ?? Shape.C);
        (x, w1, w2, dy) = (BenchData.Random(1, half.InputLength), BenchData.Random(2, half.WeightLength), BenchData.Random(3, half.WeightLength), BenchData.Random(4, 2 * half.OutputLength));
        (y, dx, dw1, dw2) = (BenchData.Buffer(2 * half.OutputLength), BenchData.Random(5, half.InputLength), BenchData.Buffer(half.WeightLength), BenchData.Buffer(half.WeightLength));
        (relu, shifted, reluGrad, shiftedGrad) = (BenchData.Buffer(half.InputLength), BenchData.Buffer(half.InputLength), BenchData.Buffer(half.InputLength), BenchData.Buffer(half.InputLength));
        (y1, y2, dy1, dy2) = (BenchData.Buffer(half.OutputLength), BenchData.Buffer(half.OutputLength), BenchData.Buffer(half.OutputLength), BenchData.Buffer(half.OutputLength));
        int[] image = [half.N, half.Cin, half.H, half.W];
        shift = new BoxLayout([half.N, half.Cin, half.H - 1, half.W - 1], image, [0, 0, 1, 1], image, [0, 0, 0, 0]);
        int[] part = [half.N, half.Cout, half.OutH, half.OutW];
        int[] joined = [half.N, 2 * half.Cout, half.OutH, half.OutW];
        concat1 = new BoxLayout(part, part, [0, 0, 0, 0], joined, [0, 0, 0, 0]);
        concat2 = new BoxLayout(part, part, [0, 0, 0, 0], joined, [0, half.Cout, 0, 0]);
        unshift = new BoxLayout([half.N, half.Cin, half.H - 1, half.W - 1], image, [0, 0, 0, 0], image, [0, 0, 1, 1]);
        slice1 = new BoxLayout(part, joined, [0, 0, 0, 0], part, [0, 0, 0, 0]);
        slice2 = new BoxLayout(part, joined, [0, half.Cout, 0, 0], part, [0, 0, 0, 0]);
    }

    [Benchmark(Baseline = true)]
    public void Reference()
    {
        Unary.Map(default(ReluOperator), x, relu);
        if (Pass == "Forward")
        {
            shifted.AsSpan().Clear();
            Box.Copy(shift!, relu, shifted);
            Convolution.Forward(half, relu, w1, [], y1);
            Convolution.Forward(half, shifted, w2, [], y2);
            Box.Copy(concat1!, y1, y);
            Box.Copy(concat2!, y2, y);
            return;
        }

        // The ReLU's and the shift's outputs are made once more here (the composed ops kept them from the forward pass).
        shifted.AsSpan().Clear();
        Box.Copy(shift!, relu, shifted);
        Box.Copy(slice1!, dy, dy1);
        Box.Copy(slice2!, dy, dy2);
        Convolution.BackwardData(half, dy2, w2, shiftedGrad, accumulate: false);
        reluGrad.AsSpan().Clear();
        Box.Copy(unshift!, shiftedGrad, reluGrad, accumulate: true);
        Convolution.BackwardData(half, dy1, w1, reluGrad, accumulate: true);
        Convolution.BackwardWeight(half, relu, dy1, dw1, []);
        Convolution.BackwardWeight(half, shifted, dy2, dw2, []);
        Unary.Gradient(default(ReluGradientOperator), relu, relu, reluGrad, dx, accumulate: true);
    }

    [Benchmark]
    public void Kernel()
    {
        if (Pass == "Forward")
        {
            FactorizedReduction.Forward(half, x, w1, w2, y);
            return;
        }

        FactorizedReduction.Backward(half, x, dy, w1, w2, dx, accumulate: true, dw1, dw2);
    }

    /// <summary>
    /// Both halves' multiply-adds (twice that backward: input and weight gradients); the least traffic is the input read
    /// and the output written once (backward: the input and dY read, dx read and written).
    /// </summary>
    public KernelWork WorkOf(string benchmark)
    {
        var products = 2.0 * 2 * half.N * half.Cout * half.OutPlane * half.Cin;
        return Pass == "Forward"
            ? new(products, 4.0 * (half.InputLength + (2 * half.OutputLength)))
            : new(2 * products, 4.0 * ((3.0 * half.InputLength) + (2 * half.OutputLength)));
    }
}

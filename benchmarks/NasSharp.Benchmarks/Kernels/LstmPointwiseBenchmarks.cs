using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// The elementwise half of one LSTM time step (<see cref="LstmPointwise"/>) at the language-model step's shape (batch 20,
/// H = 200), forward then backward, against the scalar double-precision reference. 35 steps x 2 layers of it run in
/// every training step of <c>nas bench engine --mode lm</c>.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class LstmPointwiseBenchmarks : IKernelWork
{
    private readonly LstmGeometry geometry = new(20, 200);
    private AlignedBuffer preactivations = AlignedBuffer.Empty;
    private AlignedBuffer gates = AlignedBuffer.Empty;
    private AlignedBuffer cell = AlignedBuffer.Empty;
    private AlignedBuffer nextCell = AlignedBuffer.Empty;
    private AlignedBuffer nextHidden = AlignedBuffer.Empty;
    private AlignedBuffer hiddenGrad = AlignedBuffer.Empty;
    private AlignedBuffer cellGrad = AlignedBuffer.Empty;
    private AlignedBuffer gateGrads = AlignedBuffer.Empty;
    private AlignedBuffer scratch = AlignedBuffer.Empty;

    [GlobalSetup]
    public void Setup()
    {
        preactivations = BenchData.Random(1, geometry.GateLength);
        gates = BenchData.Buffer(geometry.GateLength);
        (cell, hiddenGrad, cellGrad) = (BenchData.Random(2, geometry.StateLength), BenchData.Random(3, geometry.StateLength), BenchData.Buffer(geometry.StateLength));
        (nextCell, nextHidden, gateGrads, scratch) = (BenchData.Buffer(geometry.StateLength), BenchData.Buffer(geometry.StateLength), BenchData.Buffer(geometry.GateLength), BenchData.Buffer(2 * geometry.Hidden));
    }

    [Benchmark(Baseline = true)]
    public void Reference()
    {
        preactivations.AsSpan().CopyTo(gates);
        LstmPointwiseReference.Forward(geometry, gates, cell, nextCell, nextHidden);
        hiddenGrad.AsSpan().CopyTo(cellGrad);
        LstmPointwiseReference.Backward(geometry, gates, cell, nextCell, hiddenGrad, cellGrad, gateGrads);
    }

    [Benchmark]
    public void Kernel()
    {
        preactivations.AsSpan().CopyTo(gates);
        LstmPointwise.Forward(geometry, gates, cell, nextCell, nextHidden);
        hiddenGrad.AsSpan().CopyTo(cellGrad);
        LstmPointwise.Backward(geometry, gates, cell, nextCell, hiddenGrad, cellGrad, gateGrads, scratch);
    }

    /// <summary>
    /// Counted per unit as 4 activations + 6 flops forward and 20 flops backward (an activation as one flop), bytes as
    /// the buffers read and written once: gates 3 x 4H, states 6 x H per row.
    /// </summary>
    public KernelWork WorkOf(string benchmark) => new(30.0 * geometry.StateLength, 4.0 * ((3.0 * geometry.GateLength) + (6.0 * geometry.StateLength)));
}

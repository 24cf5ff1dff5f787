using BenchmarkDotNet.Attributes;
using NasSharp.Kernels;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// The mixed operation of a DARTS edge (the weighted sum of its 7 candidate outputs; "none" adds nothing) at the
/// NAS-Bench-201 stage shapes, which are the DARTS search network's too. Reference: a pass over the whole tensor per
/// term (<see cref="Elementwise.Scale"/>, then <see cref="Elementwise.AddScaledInPlace"/>), as the op ran before
/// <see cref="ScaledSum"/>; Kernel: <see cref="ScaledSum"/>. Same values, same batch: Ratio compares them directly.
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class WeightedSumBenchmarks : IKernelWork
{
    private const int Terms = 7;
    private AlignedBuffer[] terms = [];
    private float[] scales = [];
    private AlignedBuffer output = AlignedBuffer.Empty;

    public static IEnumerable<ConvShape> Shapes => Nb201Shapes.Convolutions3x3;

    [ParamsSource(nameof(Shapes))]
    public ConvShape Shape { get; set; } = Nb201Shapes.Convolutions3x3.First();

    [GlobalSetup]
    public void Setup()
    {
        var length = Shape.N * Shape.C * Shape.H * Shape.W;
        terms = [.. Enumerable.Range(0, Terms).Select(i => BenchData.Random(1 + i, length))];
        scales = [.. Enumerable.Range(0, Terms).Select(i => 1f / (i + 2))];
        output = BenchData.Buffer(length);
    }

    [Benchmark(Baseline = true)]
    public void Reference()
    {
        Elementwise.Scale(terms[0], scales[0], output);
        for (var i = 1; i < Terms; i++)
        {
            Elementwise.AddScaledInPlace(output, terms[i], scales[i]);
        }
    }

    [Benchmark]
    public void Kernel() => ScaledSum.Compute(new ArrayTerms(terms, scales), output);

    /// <summary>Per element, 2 flops a term (1 for the first); the least traffic is each term read once and the output written once.</summary>
    public KernelWork WorkOf(string benchmark)
    {
        double elements = output.Length;
        return new(elements * ((2 * Terms) - 1), elements * 4 * (Terms + 1));
    }

    private readonly struct ArrayTerms(AlignedBuffer[] terms, float[] scales) : IScaledTerms
    {
        public int Count => terms.Length;

        public ReadOnlySpan<float> Term(int index) => terms[index];

        public float Scale(int index) => scales[index];
    }
}

using NasSharp.Kernels;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// A matrix product shape, named after the pass that produces it (fwd, bwdD = input gradient, bwdW =
/// weight gradient, fc = classifier); short, so BenchmarkDotNet shows the whole name.
/// </summary>
public sealed record GemmShape(string Source, int M, int N, int K, bool TransposeA = false, bool TransposeB = false)
{
    public GemmLayout Layout => new(M, N, K, TransposeA, TransposeB);

    /// <summary>
    /// Per-image products of the NAS-Bench-201 3x3 convolutions lowered to im2col + GEMM: forward
    /// W[Cout, 9C] col[9C, HW]; backward-data W^T[9C, Cout] dY[Cout, HW]; backward-weight dY[Cout, HW]
    /// col^T[HW, 9C]; and the classifier (batch x 64 -> 10).
    /// </summary>
    public static IEnumerable<GemmShape> Nb201 =>
        Nb201Shapes.Stages.SelectMany(s => new[]
        {
            new GemmShape("fwd", s.Channels, s.Side * s.Side, 9 * s.Channels),
            new GemmShape("bwdD", 9 * s.Channels, s.Side * s.Side, s.Channels, TransposeA: true),
            new GemmShape("bwdW", s.Channels, 9 * s.Channels, s.Side * s.Side, TransposeB: true),
        }).Append(new GemmShape("fc", Nb201Shapes.Batch, 10, 64, TransposeB: true));

    /// <summary>
    /// The products of the language-model step of <c>nas bench engine --mode lm</c> (batch 20, bptt 35, H = 200,
    /// vocabulary 10,000): the decoder forward Y[700, V] = X W^T, its input gradient dY W and weight gradient dY^T X; one
    /// recurrent step's h W_hh^T [20, 800] and its input gradient [20, 200]; the recurrent weight gradient over the window.
    /// </summary>
    public static IEnumerable<GemmShape> LanguageModel =>
    [
        new GemmShape("dec", 700, 10_000, 200, TransposeB: true),
        new GemmShape("decD", 700, 200, 10_000),
        new GemmShape("decW", 10_000, 200, 700, TransposeA: true),
        new GemmShape("rec", 20, 800, 200, TransposeB: true),
        new GemmShape("recD", 20, 200, 800),
        new GemmShape("recW", 800, 200, 700, TransposeA: true),
    ];

    public KernelWork Work => new(2.0 * M * N * K, 4.0 * ((M * K) + (K * N) + (M * N)));

    public override string ToString() => $"{Source} {M}x{N}x{K}{(TransposeA ? " tA" : string.Empty)}{(TransposeB ? " tB" : string.Empty)}";
}

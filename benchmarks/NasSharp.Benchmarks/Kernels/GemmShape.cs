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

    public KernelWork Work => new(2.0 * M * N * K, 4.0 * ((M * K) + (K * N) + (M * N)));

    public override string ToString() => $"{Source} {M}x{N}x{K}{(TransposeA ? " tA" : string.Empty)}{(TransposeB ? " tB" : string.Empty)}";
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Sixteen horizontal sums at once: lane i of the result is bitwise <see cref="Vector512.Sum{T}(Vector512{T})"/> of
/// the i-th vector. <c>Vector512.Sum</c> adds a vector's lanes as a pairwise tree (adjacent lanes, then pairs of
/// pairs within each 128-bit block, then blocks 0 + 1 and 2 + 3, then the two halves); here every level of that tree
/// runs for all sixteen vectors together, the operands of each addition brought side by side by shuffles (the
/// transpose-and-add reduction of many dot products, as in optimised BLAS level-2 kernels). Same additions, same
/// order: about 45 instructions for sixteen sums instead of about 15 per sum, most of them on the one shuffle port.
/// </summary>
internal static class LaneSums
{
    /// <summary>shufps / vshuff32x4 control taking elements 0 and 2 of each source: [a0, a2, b0, b2].</summary>
    private const byte Even = 0b10_00_10_00;

    /// <summary>The same for elements 1 and 3: [a1, a3, b1, b3].</summary>
    private const byte Odd = 0b11_01_11_01;

    /// <summary>[Sum(a0), Sum(a1), ..., Sum(a15)], each bitwise equal to <c>Vector512.Sum</c> of that vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sixteen(
        Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3,
        Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7,
        Vector512<float> a8, Vector512<float> a9, Vector512<float> a10, Vector512<float> a11,
        Vector512<float> a12, Vector512<float> a13, Vector512<float> a14, Vector512<float> a15)
    {
        if (!Avx512F.IsSupported)
        {
            return Vector512.Create(
                Vector512.Sum(a0), Vector512.Sum(a1), Vector512.Sum(a2), Vector512.Sum(a3),
                Vector512.Sum(a4), Vector512.Sum(a5), Vector512.Sum(a6), Vector512.Sum(a7),
                Vector512.Sum(a8), Vector512.Sum(a9), Vector512.Sum(a10), Vector512.Sum(a11),
                Vector512.Sum(a12), Vector512.Sum(a13), Vector512.Sum(a14), Vector512.Sum(a15));
        }

        // Per 128-bit block: two vectors' adjacent-lane sums, then four vectors' (l0 + l1) + (l2 + l3).
        var quads0 = Quads(Pairs(a0, a1), Pairs(a2, a3));
        var quads1 = Quads(Pairs(a4, a5), Pairs(a6, a7));
        var quads2 = Quads(Pairs(a8, a9), Pairs(a10, a11));
        var quads3 = Quads(Pairs(a12, a13), Pairs(a14, a15));

        // Then blocks 0 + 1 and 2 + 3 of eight vectors, then the halves of all sixteen.
        return Blocks(Blocks(quads0, quads1), Blocks(quads2, quads3));
    }

    /// <summary>Per block: [a(l0 + l1), a(l2 + l3), b(l0 + l1), b(l2 + l3)].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pairs(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle(a, b, Even) + Avx512F.Shuffle(a, b, Odd);

    /// <summary>Per block: [a0 + a1, a2 + a3, b0 + b1, b2 + b3] of two <see cref="Pairs"/> results, so four vectors' sums of the block's four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Quads(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle(a, b, Even) + Avx512F.Shuffle(a, b, Odd);

    /// <summary>Blocks [a0 + a1, a2 + a3, b0 + b1, b2 + b3] (128-bit blocks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Blocks(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, Even) + Avx512F.Shuffle4x128(a, b, Odd);
}

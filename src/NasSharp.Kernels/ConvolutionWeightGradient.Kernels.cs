using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The 4 x 4 dot-product tiles of the weight gradient: 16 Vector512 accumulators over 16-position
/// segments (or pairs of 8-position rows), one horizontal sum per tile per chunk of images.
/// Tuned kernels: long on purpose, and unrolled by hand.
/// </summary>
internal static unsafe partial class ConvolutionWeightGradient
{
    /// <summary>
    /// sums[r Tile + c] = sum over the chunk's segments of dY[co + r, q] col[k + c, q]; rows and columns
    /// beyond <paramref name="rows"/> / <paramref name="cols"/> repeat the last valid one (and are ignored).
    /// </summary>
    private static void DotTile(Plan p, float* dy, int rows, float* x, int* offsets, int cols, Segments segments, float* sums)
    {
        var plane = p.Geometry.OutPlane;
        var (d1, d2, d3) = (Math.Min(1, rows - 1) * plane, Math.Min(2, rows - 1) * plane, Math.Min(3, rows - 1) * plane);
        var x0 = x + offsets[0];
        var x1 = x + offsets[Math.Min(1, cols - 1)];
        var x2 = x + offsets[Math.Min(2, cols - 1)];
        var x3 = x + offsets[Math.Min(3, cols - 1)];
        if (p.Paired)
        {
            DotPairs(dy, d1, d2, d3, x0, x1, x2, x3, p.RowStride, (int*)segments.Vectors, segments.VectorCount, sums);
        }
        else
        {
            DotVectors(dy, d1, d2, d3, x0, x1, x2, x3, (int*)segments.Vectors, segments.VectorCount, sums);
        }

        ReadOnlySpan<int> dyOffsets = [0, d1, d2, d3];
        ReadOnlySpan<nint> xRows = [(nint)x0, (nint)x1, (nint)x2, (nint)x3];
        var tails = (int*)segments.Tails;
        for (var t = 0; t < segments.TailCount; t++)
        {
            var (dyOffset, xOffset, length) = (tails[3 * t], tails[(3 * t) + 1], tails[(3 * t) + 2]);
            for (var r = 0; r < Tile; r++)
            {
                for (var c = 0; c < Tile; c++)
                {
                    var a = dy + dyOffset + dyOffsets[r];
                    var b = (float*)xRows[c] + xOffset;
                    var sum = sums[(r * Tile) + c];
                    for (var i = 0; i < length; i++)
                    {
                        sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
                    }

                    sums[(r * Tile) + c] = sum;
                }
            }
        }
    }

    /// <summary>The 4 x 4 dot-product kernel over 16-position segments: 16 accumulators, 8 loads per 16 fused multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotVectors(float* dy, int d1, int d2, int d3, float* x0, float* x1, float* x2, float* x3, int* segments, int count, float* sums)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
        for (var s = 0; s < count; s++)
        {
            var y = dy + segments[2 * s];
            var xo = segments[(2 * s) + 1];
            var (y0, y1, y2, y3) = (Vector512.Load(y), Vector512.Load(y + d1), Vector512.Load(y + d2), Vector512.Load(y + d3));
            var xv = Vector512.Load(x0 + xo);
            a00 = Vector512.FusedMultiplyAdd(y0, xv, a00); a10 = Vector512.FusedMultiplyAdd(y1, xv, a10); a20 = Vector512.FusedMultiplyAdd(y2, xv, a20); a30 = Vector512.FusedMultiplyAdd(y3, xv, a30);
            xv = Vector512.Load(x1 + xo);
            a01 = Vector512.FusedMultiplyAdd(y0, xv, a01); a11 = Vector512.FusedMultiplyAdd(y1, xv, a11); a21 = Vector512.FusedMultiplyAdd(y2, xv, a21); a31 = Vector512.FusedMultiplyAdd(y3, xv, a31);
            xv = Vector512.Load(x2 + xo);
            a02 = Vector512.FusedMultiplyAdd(y0, xv, a02); a12 = Vector512.FusedMultiplyAdd(y1, xv, a12); a22 = Vector512.FusedMultiplyAdd(y2, xv, a22); a32 = Vector512.FusedMultiplyAdd(y3, xv, a32);
            xv = Vector512.Load(x3 + xo);
            a03 = Vector512.FusedMultiplyAdd(y0, xv, a03); a13 = Vector512.FusedMultiplyAdd(y1, xv, a13); a23 = Vector512.FusedMultiplyAdd(y2, xv, a23); a33 = Vector512.FusedMultiplyAdd(y3, xv, a33);
        }

        Reduce(sums, a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33);
    }

    /// <summary><see cref="DotVectors"/> for 8-position rows: a segment is two rows, the col rows <paramref name="rowStride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotPairs(float* dy, int d1, int d2, int d3, float* x0, float* x1, float* x2, float* x3, int rowStride, int* segments, int count, float* sums)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
        for (var s = 0; s < count; s++)
        {
            var y = dy + segments[2 * s];
            var xo = segments[(2 * s) + 1];
            var (y0, y1, y2, y3) = (Vector512.Load(y), Vector512.Load(y + d1), Vector512.Load(y + d2), Vector512.Load(y + d3));
            var xv = Pair(x0 + xo, rowStride);
            a00 = Vector512.FusedMultiplyAdd(y0, xv, a00); a10 = Vector512.FusedMultiplyAdd(y1, xv, a10); a20 = Vector512.FusedMultiplyAdd(y2, xv, a20); a30 = Vector512.FusedMultiplyAdd(y3, xv, a30);
            xv = Pair(x1 + xo, rowStride);
            a01 = Vector512.FusedMultiplyAdd(y0, xv, a01); a11 = Vector512.FusedMultiplyAdd(y1, xv, a11); a21 = Vector512.FusedMultiplyAdd(y2, xv, a21); a31 = Vector512.FusedMultiplyAdd(y3, xv, a31);
            xv = Pair(x2 + xo, rowStride);
            a02 = Vector512.FusedMultiplyAdd(y0, xv, a02); a12 = Vector512.FusedMultiplyAdd(y1, xv, a12); a22 = Vector512.FusedMultiplyAdd(y2, xv, a22); a32 = Vector512.FusedMultiplyAdd(y3, xv, a32);
            xv = Pair(x3 + xo, rowStride);
            a03 = Vector512.FusedMultiplyAdd(y0, xv, a03); a13 = Vector512.FusedMultiplyAdd(y1, xv, a13); a23 = Vector512.FusedMultiplyAdd(y2, xv, a23); a33 = Vector512.FusedMultiplyAdd(y3, xv, a33);
        }

        Reduce(sums, a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33);
    }

    /// <summary>Two 8-float rows, <paramref name="stride"/> apart, as one vector (a row pair of an 8-wide plane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pair(float* row, int stride) =>
        Avx512F.IsSupported
            ? Avx512F.InsertVector256(Vector256.Load(row).ToVector512Unsafe(), Vector256.Load(row + stride), 1)
            : Vector512.Create(Vector256.Load(row), Vector256.Load(row + stride));

    private static void Reduce(
        float* sums,
        Vector512<float> a00, Vector512<float> a01, Vector512<float> a02, Vector512<float> a03,
        Vector512<float> a10, Vector512<float> a11, Vector512<float> a12, Vector512<float> a13,
        Vector512<float> a20, Vector512<float> a21, Vector512<float> a22, Vector512<float> a23,
        Vector512<float> a30, Vector512<float> a31, Vector512<float> a32, Vector512<float> a33)
    {
        (sums[0], sums[1], sums[2], sums[3]) = (Vector512.Sum(a00), Vector512.Sum(a01), Vector512.Sum(a02), Vector512.Sum(a03));
        (sums[4], sums[5], sums[6], sums[7]) = (Vector512.Sum(a10), Vector512.Sum(a11), Vector512.Sum(a12), Vector512.Sum(a13));
        (sums[8], sums[9], sums[10], sums[11]) = (Vector512.Sum(a20), Vector512.Sum(a21), Vector512.Sum(a22), Vector512.Sum(a23));
        (sums[12], sums[13], sums[14], sums[15]) = (Vector512.Sum(a30), Vector512.Sum(a31), Vector512.Sum(a32), Vector512.Sum(a33));
    }

    /// <summary>A chunk's segment lists (addresses of per-thread scratch).</summary>
    private readonly record struct Segments(nint Vectors, int VectorCount, nint Tails, int TailCount);
}

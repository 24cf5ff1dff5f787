using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Copies operand blocks into the contiguous micro-panel layouts <see cref="GemmMicroKernel"/> streams
/// through (Goto and van de Geijn 2008, "Anatomy of High-Performance Matrix Multiplication"): A as
/// k-major panels of 8 rows, B as k-major panels of 32 columns, zero-padded to full width. Transposed
/// operands are transposed here, in 8 x 8 register blocks, so no separate transpose pass is needed.
/// </summary>
internal static unsafe class GemmPacking
{
    private const int MR = GemmMicroKernel.Rows;
    private const int NR = GemmMicroKernel.Columns;

    /// <summary>
    /// dst[p MR + r] = op(A)[i0 + r, k0 + p] for r &lt; rows (0 beyond), p &lt; kc; op(A)[i, p] is
    /// a[p lda + i] when <paramref name="transposed"/>, else a[i lda + p].
    /// </summary>
    public static void PackA(float* a, int lda, bool transposed, int i0, int rows, int k0, int kc, float* dst)
    {
        if (transposed)
        {
            for (var p = 0; p < kc; p++)
            {
                CopyPadded(a + ((long)(k0 + p) * lda) + i0, rows, dst + (p * MR), MR);
            }

            return;
        }

        var src = a + ((long)i0 * lda) + k0;
        var p0 = 0;
        if (rows == MR && Avx.IsSupported)
        {
            for (; p0 + 8 <= kc; p0 += 8)
            {
                Transpose8x8(src + p0, lda, dst + (p0 * MR), MR);
            }
        }

        for (var p = p0; p < kc; p++)
        {
            for (var r = 0; r < MR; r++)
            {
                dst[(p * MR) + r] = r < rows ? src[((long)r * lda) + p] : 0f;
            }
        }
    }

    /// <summary>
    /// dst[p NR + j] = op(B)[k0 + p, j0 + j] for j &lt; cols (0 beyond), p &lt; kc; op(B)[p, j] is
    /// b[j ldb + p] when <paramref name="transposed"/>, else b[p ldb + j].
    /// </summary>
    public static void PackB(float* b, int ldb, bool transposed, int j0, int cols, int k0, int kc, float* dst)
    {
        if (!transposed)
        {
            for (var p = 0; p < kc; p++)
            {
                CopyPadded(b + ((long)(k0 + p) * ldb) + j0, cols, dst + (p * NR), NR);
            }

            return;
        }

        var src = b + ((long)j0 * ldb) + k0;
        var p0 = 0;
        if (cols == NR && Avx.IsSupported)
        {
            for (; p0 + 8 <= kc; p0 += 8)
            {
                for (var jg = 0; jg < NR; jg += 8)
                {
                    Transpose8x8(src + ((long)jg * ldb) + p0, ldb, dst + (p0 * NR) + jg, NR);
                }
            }
        }

        for (var p = p0; p < kc; p++)
        {
            for (var j = 0; j < NR; j++)
            {
                dst[(p * NR) + j] = j < cols ? src[((long)j * ldb) + p] : 0f;
            }
        }
    }

    /// <summary>dst[0..count) = src[0..count), dst[count..width) = 0.</summary>
    public static void CopyPadded(float* src, int count, float* dst, int width)
    {
        if (count == NR && width == NR && Vector512.IsHardwareAccelerated)
        {
            Vector512.Store(Vector512.Load(src), dst);
            Vector512.Store(Vector512.Load(src + 16), dst + 16);
            return;
        }

        if (count == 8 && width == 8 && Vector256.IsHardwareAccelerated)
        {
            Vector256.Store(Vector256.Load(src), dst);
            return;
        }

        new ReadOnlySpan<float>(src, count).CopyTo(new Span<float>(dst, count));
        new Span<float>(dst + count, width - count).Clear();
    }

    /// <summary>dst[c dstStride + r] = src[r srcStride + c] for an 8 x 8 block (the unpack / shuffle / permute transpose).</summary>
    public static void Transpose8x8(float* src, long srcStride, float* dst, int dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + (2 * srcStride));
        var r3 = Avx.LoadVector256(src + (3 * srcStride));
        var r4 = Avx.LoadVector256(src + (4 * srcStride));
        var r5 = Avx.LoadVector256(src + (5 * srcStride));
        var r6 = Avx.LoadVector256(src + (6 * srcStride));
        var r7 = Avx.LoadVector256(src + (7 * srcStride));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + (2 * dstStride), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + (3 * dstStride), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + (4 * dstStride), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + (5 * dstStride), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + (6 * dstStride), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + (7 * dstStride), Avx.Permute2x128(s3, s7, 0x31));
    }
}

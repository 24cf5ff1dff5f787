using System.Buffers;
using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// Blocked single-precision matrix product C (+)= op(A) op(B). Transposed operands are packed to
/// row-major first; the product runs over fixed (row, column) tiles in parallel, each tile with a
/// 4 x 32 register-blocked micro-kernel (Vector512, with a Vector256 fallback). Every output element
/// sums over k in the same order whatever the thread count, so results are bitwise reproducible.
/// A tuned kernel driver: longer than the usual method, on purpose.
/// </summary>
public static unsafe class Gemm
{
    private const int RowTile = 32;
    private const int ColTile = 256;

    /// <summary>Effectively computes C[i, j] (+)= sum_p op(A)[i, p] * op(B)[p, j].</summary>
    public static void Multiply(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        layout.Validate(a.Length, b.Length, c.Length);
        var (m, n, k) = (layout.M, layout.N, layout.K);
        float[]? packedA = null;
        float[]? packedB = null;
        try
        {
            if (layout.TransposeA)
            {
                packedA = ArrayPool<float>.Shared.Rent(m * k);
                Transpose(a, packedA, k, m);
                a = packedA.AsSpan(0, m * k);
            }

            if (layout.TransposeB)
            {
                packedB = ArrayPool<float>.Shared.Rent(k * n);
                Transpose(b, packedB, n, k);
                b = packedB.AsSpan(0, k * n);
            }

            fixed (float* pa = a, pb = b, pc = c)
            {
                Run(pa, pb, pc, m, n, k, layout.Accumulate);
            }
        }
        finally
        {
            if (packedA != null)
            {
                ArrayPool<float>.Shared.Return(packedA);
            }

            if (packedB != null)
            {
                ArrayPool<float>.Shared.Return(packedB);
            }
        }
    }

    /// <summary>dst[c, r] = src[r, c] for a rows x cols source.</summary>
    public static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        const int block = 32;
        for (var r0 = 0; r0 < rows; r0 += block)
        {
            var r1 = Math.Min(rows, r0 + block);
            for (var c0 = 0; c0 < cols; c0 += block)
            {
                var c1 = Math.Min(cols, c0 + block);
                for (var r = r0; r < r1; r++)
                {
                    for (var cc = c0; cc < c1; cc++)
                    {
                        dst[(cc * rows) + r] = src[(r * cols) + cc];
                    }
                }
            }
        }
    }

    private static void Run(float* a, float* b, float* c, int m, int n, int k, bool accumulate)
    {
        var rowTiles = KernelParallel.BlockCount(m, RowTile);
        var colTiles = KernelParallel.BlockCount(n, ColTile);
        var pa = (nint)a;
        var pb = (nint)b;
        var pc = (nint)c;
        KernelParallel.For(rowTiles * colTiles, t =>
        {
            var i0 = t / colTiles * RowTile;
            var j0 = t % colTiles * ColTile;
            Tile((float*)pa, (float*)pb, (float*)pc, m, n, k, i0, Math.Min(m, i0 + RowTile), j0, Math.Min(n, j0 + ColTile), accumulate);
        });
    }

    private static void Tile(float* a, float* b, float* c, int m, int n, int k, int i0, int i1, int j0, int j1, bool accumulate)
    {
        var i = i0;
        for (; i + 4 <= i1; i += 4)
        {
            var j = j0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j + 32 <= j1; j += 32)
                {
                    Micro4x32(a + (i * k), b + j, c + (i * n) + j, n, k, accumulate);
                }
            }

            for (var r = 0; r < 4; r++)
            {
                RowStrip(a + ((i + r) * k), b, c + ((i + r) * n), n, k, j, j1, accumulate);
            }
        }

        for (; i < i1; i++)
        {
            RowStrip(a + (i * k), b, c + (i * n), n, k, j0, j1, accumulate);
        }
    }

    private static void Micro4x32(float* a, float* b, float* c, int n, int k, bool accumulate)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + 16);
            c10 = Vector512.Load(c + n); c11 = Vector512.Load(c + n + 16);
            c20 = Vector512.Load(c + (2 * n)); c21 = Vector512.Load(c + (2 * n) + 16);
            c30 = Vector512.Load(c + (3 * n)); c31 = Vector512.Load(c + (3 * n) + 16);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<float>.Zero;
        }

        for (var p = 0; p < k; p++)
        {
            var b0 = Vector512.Load(b + (p * n));
            var b1 = Vector512.Load(b + (p * n) + 16);
            var a0 = Vector512.Create(a[p]);
            var a1 = Vector512.Create(a[k + p]);
            var a2 = Vector512.Create(a[(2 * k) + p]);
            var a3 = Vector512.Create(a[(3 * k) + p]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
        }

        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + n); c11.Store(c + n + 16);
        c20.Store(c + (2 * n)); c21.Store(c + (2 * n) + 16);
        c30.Store(c + (3 * n)); c31.Store(c + (3 * n) + 16);
    }

    /// <summary>One output row, columns [j0, j1): the remainder path and the no-AVX-512 path.</summary>
    private static void RowStrip(float* aRow, float* b, float* cRow, int n, int k, int j0, int j1, bool accumulate)
    {
        var j = j0;
        for (; j + 8 <= j1; j += 8)
        {
            var acc = accumulate ? Vector256.Load(cRow + j) : Vector256<float>.Zero;
            for (var p = 0; p < k; p++)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.Create(aRow[p]), Vector256.Load(b + (p * n) + j), acc);
            }

            acc.Store(cRow + j);
        }

        for (; j < j1; j++)
        {
            var acc = accumulate ? cRow[j] : 0f;
            for (var p = 0; p < k; p++)
            {
                acc = MathF.FusedMultiplyAdd(aRow[p], b[(p * n) + j], acc);
            }

            cRow[j] = acc;
        }
    }
}

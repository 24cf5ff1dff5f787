using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// Deterministic sums over the middle axis of [Outer, Length, Inner]. The summation order is fixed by
/// the shape alone: with Inner &gt; 1 every output element adds its Length terms in index order (vector
/// lanes run across Inner, so this is exactly the scalar loop); with Inner = 1 a row is summed in 16
/// interleaved lanes (lane l takes elements l, l + 16, ...) combined in lane order, then the tail. The
/// split into parallel blocks depends on the shape only, so results are bitwise identical for any
/// thread count and for AVX-512 or AVX2.
/// </summary>
public static unsafe class Reduction
{
    private const int BlockElements = 1 << 15;
    private const int ColumnChunk = 512;
    private const int Lanes = 16;

    /// <summary>Effectively computes dst[o, i] (+)= sum over k of src[o, k, i].</summary>
    public static void Sum(ReductionLayout layout, ReadOnlySpan<float> src, Span<float> dst)
    {
        layout.Validate(src.Length, dst.Length);
        fixed (float* ps = src, pd = dst)
        {
            if (layout.Inner == 1)
            {
                SumRows((nint)ps, (nint)pd, layout);
            }
            else
            {
                SumColumns((nint)ps, (nint)pd, layout);
            }
        }
    }

    /// <summary>The sum of a contiguous row in the fixed 16-lane order described on the class.</summary>
    public static float RowSum(ReadOnlySpan<float> row)
    {
        var n = row.Length;
        var j = 0;
        Span<float> lanes = stackalloc float[Lanes];
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            for (; j + Lanes <= n; j += Lanes)
            {
                acc += Vector512.Create(row.Slice(j, Lanes));
            }

            acc.CopyTo(lanes);
        }
        else
        {
            // Two 8-lane halves hold exactly the partial sums of the 16-lane path above.
            Vector256<float> lo = Vector256<float>.Zero, hi = Vector256<float>.Zero;
            for (; j + Lanes <= n; j += Lanes)
            {
                lo += Vector256.Create(row.Slice(j, 8));
                hi += Vector256.Create(row.Slice(j + 8, 8));
            }

            lo.CopyTo(lanes);
            hi.CopyTo(lanes[8..]);
        }

        var sum = 0f;
        foreach (var lane in lanes)
        {
            sum += lane;
        }

        for (; j < n; j++)
        {
            sum += row[j];
        }

        return sum;
    }

    private static void SumRows(nint src, nint dst, ReductionLayout layout)
    {
        var (outer, length) = (layout.Outer, layout.Length);
        var rowsPerBlock = Math.Max(1, BlockElements / length);
        KernelParallel.For(KernelParallel.BlockCount(outer, rowsPerBlock), (Src: src, Dst: dst, Layout: layout, RowsPerBlock: rowsPerBlock), static (s, b) =>
        {
            var (outer, length) = (s.Layout.Outer, s.Layout.Length);
            var o1 = Math.Min(outer, (b + 1) * s.RowsPerBlock);
            for (var o = b * s.RowsPerBlock; o < o1; o++)
            {
                var sum = RowSum(new ReadOnlySpan<float>((float*)s.Src + ((long)o * length), length));
                var d = (float*)s.Dst + o;
                *d = s.Layout.Accumulate ? *d + sum : sum;
            }
        });
    }

    private static void SumColumns(nint src, nint dst, ReductionLayout layout)
    {
        var (outer, length, inner) = (layout.Outer, layout.Length, layout.Inner);
        var columnBlocks = KernelParallel.BlockCount(inner, ColumnChunk);
        var rowsPerBlock = Math.Max(1, BlockElements / (length * Math.Min(inner, ColumnChunk)));
        var rowBlocks = KernelParallel.BlockCount(outer, rowsPerBlock);
        KernelParallel.For(rowBlocks * columnBlocks, (Src: src, Dst: dst, Layout: layout, ColumnBlocks: columnBlocks, RowsPerBlock: rowsPerBlock), static (s, b) =>
        {
            var (src, dst, layout, columnBlocks, rowsPerBlock) = s;
            var (outer, length, inner) = (layout.Outer, layout.Length, layout.Inner);
            var c0 = b % columnBlocks * ColumnChunk;
            var width = Math.Min(inner, c0 + ColumnChunk) - c0;
            Span<float> acc = stackalloc float[width];
            var o1 = Math.Min(outer, ((b / columnBlocks) + 1) * rowsPerBlock);
            for (var o = b / columnBlocks * rowsPerBlock; o < o1; o++)
            {
                var block = (float*)src + ((long)o * length * inner) + c0;
                new ReadOnlySpan<float>(block, width).CopyTo(acc);
                for (var k = 1; k < length; k++)
                {
                    TensorPrimitives.Add(acc, new ReadOnlySpan<float>(block + ((long)k * inner), width), acc);
                }

                var d = new Span<float>((float*)dst + ((long)o * inner) + c0, width);
                if (layout.Accumulate)
                {
                    TensorPrimitives.Add(d, acc, d);
                }
                else
                {
                    acc.CopyTo(d);
                }
            }
        });
    }
}

using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The im2col lowering of convolution to a matrix product (Chellapilla, Puri and Simard 2006, "High
/// Performance Convolutional Neural Networks for Document Processing"): for the InPerGroup input planes
/// of one group of one image, column row (c, kh, kw) holds, for every output position (oh, ow), the input
/// x[c, oh Stride + kh Dilation - Padding, ow Stride + kw Dilation - Padding] (0 in the padding).
/// <see cref="Fold"/> (col2im) is its transpose, used for the gradient of the input.
/// </summary>
public static class Im2Col
{
    /// <summary>columns[ColumnRows, OutPlane] = the windows of <paramref name="image"/> (InPerGroup planes of H x W).</summary>
    public static void Expand(Conv2dGeometry g, ReadOnlySpan<float> image, Span<float> columns)
    {
        var (outH, outW, outPlane) = (g.OutH, g.OutW, g.OutPlane);
        for (var c = 0; c < g.InPerGroup; c++)
        {
            var plane = image.Slice(c * g.InPlane, g.InPlane);
            for (var kh = 0; kh < g.KH; kh++)
            {
                var rowOffset = (kh * g.Dilation) - g.Padding;
                var (ohLo, ohHi) = WindowRange.Valid(outH, g.H, g.Stride, rowOffset);
                for (var kw = 0; kw < g.KW; kw++)
                {
                    var colOffset = (kw * g.Dilation) - g.Padding;
                    var (owLo, owHi) = WindowRange.Valid(outW, g.W, g.Stride, colOffset);
                    var dst = columns.Slice(((((c * g.KH) + kh) * g.KW) + kw) * outPlane, outPlane);
                    dst[..(ohLo * outW)].Clear();
                    dst[(ohHi * outW)..].Clear();
                    for (var oh = ohLo; oh < ohHi; oh++)
                    {
                        var row = dst.Slice(oh * outW, outW);
                        var src = plane.Slice(((oh * g.Stride) + rowOffset) * g.W, g.W);
                        row[..owLo].Clear();
                        row[owHi..].Clear();
                        CopyTaps(src, row, g.Stride, colOffset, owLo, owHi);
                    }
                }
            }
        }
    }

    /// <summary>imageGrad (InPerGroup planes of H x W) += col2im(columns): each column entry goes back to the input element it was read from.</summary>
    public static unsafe void Fold(Conv2dGeometry g, ReadOnlySpan<float> columns, Span<float> imageGrad)
    {
        if (StrideTwoFold.Applies(g) && columns.Length >= g.ColumnRows * g.OutPlane && imageGrad.Length >= g.InPerGroup * g.InPlane)
        {
            fixed (float* pc = columns, pg = imageGrad)
            {
                StrideTwoFold.Fold(g, pc, pg);
            }

            return;
        }

        var (outH, outW, outPlane) = (g.OutH, g.OutW, g.OutPlane);
        for (var c = 0; c < g.InPerGroup; c++)
        {
            var plane = imageGrad.Slice(c * g.InPlane, g.InPlane);
            for (var kh = 0; kh < g.KH; kh++)
            {
                var rowOffset = (kh * g.Dilation) - g.Padding;
                var (ohLo, ohHi) = WindowRange.Valid(outH, g.H, g.Stride, rowOffset);
                for (var kw = 0; kw < g.KW; kw++)
                {
                    var colOffset = (kw * g.Dilation) - g.Padding;
                    var (owLo, owHi) = WindowRange.Valid(outW, g.W, g.Stride, colOffset);
                    var src = columns.Slice(((((c * g.KH) + kh) * g.KW) + kw) * outPlane, outPlane);
                    for (var oh = ohLo; oh < ohHi; oh++)
                    {
                        var row = src.Slice(oh * outW, outW);
                        var dst = plane.Slice(((oh * g.Stride) + rowOffset) * g.W, g.W);
                        AddTaps(row, dst, g.Stride, colOffset, owLo, owHi);
                    }
                }
            }
        }
    }

    /// <summary>row[ow] = src[ow stride + offset] for ow in [lo, hi).</summary>
    internal static void CopyTaps(ReadOnlySpan<float> src, Span<float> row, int stride, int offset, int lo, int hi)
    {
        if (hi <= lo)
        {
            return;
        }

        if (stride == 1)
        {
            src.Slice(lo + offset, hi - lo).CopyTo(row[lo..hi]);
            return;
        }

        if (stride == 2 && hi - lo >= 8 && Avx512F.IsSupported)
        {
            CopyEvenTaps(src, row, offset, lo, hi);
            return;
        }

        if (stride == 2 && Avx512F.IsSupported)
        {
            CopyFewEvenTaps(src, row, offset, lo, hi);
            return;
        }

        for (var ow = lo; ow < hi; ow++)
        {
            row[ow] = src[(ow * stride) + offset];
        }
    }

    /// <summary>
    /// <see cref="CopyTaps"/> at stride 2, 8 outputs per permute of one 16-float load: the even lanes of a load at the
    /// first tap, or the odd lanes of a load one float earlier where the first would pass the end of the row; the last
    /// block ends at hi and may overlap the one before (a copy, so writing a value twice leaves the same bits).
    /// </summary>
    private static void CopyEvenTaps(ReadOnlySpan<float> src, Span<float> row, int offset, int lo, int hi)
    {
        ref var source = ref MemoryMarshal.GetReference(src);
        ref var target = ref MemoryMarshal.GetReference(row);
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odd = even + Vector512<int>.One;
        for (var block = lo; block < hi; block += 8)
        {
            var b = Math.Min(block, hi - 8);
            var first = (2 * b) + offset;
            if (first + 16 <= src.Length)
            {
                Avx512F.PermuteVar16x32(Vector512.LoadUnsafe(ref source, (nuint)first), even).GetLower().StoreUnsafe(ref target, (nuint)b);
            }
            else if (first >= 1)
            {
                // The taps end inside the row (first + 14 < Length), so the window [first - 1, first + 15) does too.
                Avx512F.PermuteVar16x32(Vector512.LoadUnsafe(ref source, (nuint)(first - 1)), odd).GetLower().StoreUnsafe(ref target, (nuint)b);
            }
            else
            {
                for (var ow = b; ow < b + 8; ow++)
                {
                    row[ow] = src[(2 * ow) + offset];
                }
            }
        }
    }

    /// <summary>
    /// <see cref="CopyTaps"/> at stride 2 for fewer than 8 outputs (7-wide rows: the 28 x 28 network's 14 -> 7 reductions):
    /// one masked load of the 2 (hi - lo) - 1 floats the taps span, one permute, one masked store; the scalar loop took
    /// about 10x longer per float.
    /// </summary>
    private static unsafe void CopyFewEvenTaps(ReadOnlySpan<float> src, Span<float> row, int offset, int lo, int hi)
    {
        var count = hi - lo;
        var first = (2 * lo) + offset;
        _ = src[first + (2 * (count - 1))];
        _ = row[hi - 1];
        var lane = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
        fixed (float* source = src, target = row)
        {
            var values = Avx512F.MaskLoad(source + first, Vector512.LessThan(lane, Vector512.Create((2 * count) - 1)).AsSingle(), Vector512<float>.Zero);
            Avx512F.MaskStore(target + lo, Vector512.LessThan(lane, Vector512.Create(count)).AsSingle(), Avx512F.PermuteVar16x32(values, even));
        }
    }

    /// <summary>dst[ow stride + offset] += row[ow] for ow in [lo, hi).</summary>
    internal static void AddTaps(ReadOnlySpan<float> row, Span<float> dst, int stride, int offset, int lo, int hi)
    {
        if (hi <= lo)
        {
            return;
        }

        if (stride == 1)
        {
            var target = dst.Slice(lo + offset, hi - lo);
            TensorPrimitives.Add(target, row[lo..hi], target);
            return;
        }

        var start = lo;
        if (stride == 2 && Avx512F.IsSupported)
        {
            start = AddEvenTaps(row, dst, offset, lo, hi);
        }

        for (var ow = start; ow < hi; ow++)
        {
            dst[(ow * stride) + offset] += row[ow];
        }
    }

    /// <summary>
    /// <see cref="AddTaps"/> at stride 2 for whole blocks of 8 outputs: the 8 values spread to the even lanes (or the
    /// odd lanes of a window one float earlier, at the end of the row), added to 16 loaded floats, and only those
    /// lanes blended back: each target gets the same single addition as in the scalar loop, its neighbours keep
    /// their bits. Returns the first output left for the scalar loop.
    /// </summary>
    private static int AddEvenTaps(ReadOnlySpan<float> row, Span<float> dst, int offset, int lo, int hi)
    {
        ref var source = ref MemoryMarshal.GetReference(row);
        ref var target = ref MemoryMarshal.GetReference(dst);
        var spread = Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
        var evenLanes = Vector512.Create(-1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0).AsSingle();
        var oddLanes = Vector512.Create(0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1).AsSingle();
        var b = lo;
        for (; b + 8 <= hi; b += 8)
        {
            var first = (2 * b) + offset;
            var (window, lanes) = first + 16 <= dst.Length ? (first, evenLanes) : (first - 1, oddLanes);
            if (window < 0)
            {
                break;
            }

            var values = Avx512F.PermuteVar16x32(Vector256.LoadUnsafe(ref source, (nuint)b).ToVector512Unsafe(), spread);
            var old = Vector512.LoadUnsafe(ref target, (nuint)window);
            Vector512.ConditionalSelect(lanes, old + values, old).StoreUnsafe(ref target, (nuint)window);
        }

        return b;
    }
}

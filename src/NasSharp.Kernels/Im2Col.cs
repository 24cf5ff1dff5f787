using System.Numerics.Tensors;

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
    public static void Fold(Conv2dGeometry g, ReadOnlySpan<float> columns, Span<float> imageGrad)
    {
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

        for (var ow = lo; ow < hi; ow++)
        {
            row[ow] = src[(ow * stride) + offset];
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

        for (var ow = lo; ow < hi; ow++)
        {
            dst[(ow * stride) + offset] += row[ow];
        }
    }
}

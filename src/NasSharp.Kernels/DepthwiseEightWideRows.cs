using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise 3x3 convolution (padding 1, no dilation, one output channel per input plane) and its input gradient
/// on planes 8 wide at stride 1 (a ShuffleNetV2's 8 x 8 stage, NAS-Bench-201's last one), in registers: each source
/// row (x, or dY) is loaded once, its two column shifts made by a lane permute with zero fill, and the three rows an
/// output row reaches kept in registers from one output row to the next, as in
/// <see cref="DepthwiseEightWideWeights.AccumulateThreeByThree"/>. <see cref="DepthwiseRowPairs"/>, which these
/// geometries took before, stages every plane and reads each tap's two rows back with an unaligned, masked load.
/// Per lane the arithmetic is <see cref="DepthwiseRowPairs"/>'s (the chain <see cref="DepthwiseTaps"/> computes over
/// the padded staging): one fused multiply-add per tap in tap order, padding taps included (a zero source), from the
/// bias (forward) or from dx or zero (input gradient).
/// </summary>
internal static unsafe class DepthwiseEightWideRows
{
    private const int Width = 8;

    /// <summary>Whether <see cref="Forward"/> and <see cref="BackwardData"/> take <paramref name="g"/>.</summary>
    public static bool Applies(Conv2dGeometry g) =>
        Vector256.IsHardwareAccelerated && g.IsDepthwise && g.OutPerGroup == 1 && g.Stride == 1 && g.W == Width && g.OutW == Width && g.OutH == g.H &&
        g.KH == 3 && g.KW == 3 && g.Dilation == 1 && g.Padding == 1;

    /// <summary>Output planes of input planes [first, end) (index n Cin + ci = n Cout + co): y[oh, ow] chains w[t] x[oh - 1 + kh, ow - 1 + kw] over the taps t = (kh, kw) in order, from the bias.</summary>
    public static void Forward(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
    {
        for (var plane = first; plane < end; plane++)
        {
            var co = plane % g.Cin;
            var weights = w + ((long)co * 9);
            var (w0, w1, w2) = (Vector256.Create(weights[0]), Vector256.Create(weights[1]), Vector256.Create(weights[2]));
            var (w3, w4, w5) = (Vector256.Create(weights[3]), Vector256.Create(weights[4]), Vector256.Create(weights[5]));
            var (w6, w7, w8) = (Vector256.Create(weights[6]), Vector256.Create(weights[7]), Vector256.Create(weights[8]));
            var start = Vector256.Create(bias == null ? 0f : bias[co]);
            var source = x + ((long)plane * g.InPlane);
            var target = y + ((long)plane * g.OutPlane);
            var zero = Vector256<float>.Zero;
            // Input rows oh - 1 (above), oh (middle), oh + 1 (below), each shifted right by a column (the taps at
            // column offset -1), as is, and shifted left (offset +1).
            var (above0, above1, above2) = (zero, zero, zero);
            var middle1 = Vector256.Load(source);
            var (middle0, middle2) = (LaneShifts.Right(middle1), LaneShifts.Left(middle1));
            for (var oh = 0; oh < g.H; oh++)
            {
                var below1 = oh + 1 < g.H ? Vector256.Load(source + ((oh + 1) * Width)) : zero;
                var (below0, below2) = (LaneShifts.Right(below1), LaneShifts.Left(below1));
                var sum = Vector256.FusedMultiplyAdd(w0, above0, start);
                sum = Vector256.FusedMultiplyAdd(w1, above1, sum);
                sum = Vector256.FusedMultiplyAdd(w2, above2, sum);
                sum = Vector256.FusedMultiplyAdd(w3, middle0, sum);
                sum = Vector256.FusedMultiplyAdd(w4, middle1, sum);
                sum = Vector256.FusedMultiplyAdd(w5, middle2, sum);
                sum = Vector256.FusedMultiplyAdd(w6, below0, sum);
                sum = Vector256.FusedMultiplyAdd(w7, below1, sum);
                sum = Vector256.FusedMultiplyAdd(w8, below2, sum);
                sum.Store(target + (oh * Width));
                (above0, above1, above2) = (middle0, middle1, middle2);
                (middle0, middle1, middle2) = (below0, below1, below2);
            }
        }
    }

    /// <summary>
    /// dx of input planes [first, end) (index n Cin + ci = n Cout + co) (+)= the transposed convolution of dY: dx[ih, iw]
    /// chains w[t] dY[ih + 1 - kh, iw + 1 - kw] over the taps t = (kh, kw) in order, from dx (from zero when not
    /// <paramref name="accumulate"/>).
    /// </summary>
    public static void BackwardData(Conv2dGeometry g, float* dy, float* w, float* dx, int first, int end, bool accumulate)
    {
        for (var plane = first; plane < end; plane++)
        {
            var ci = plane % g.Cin;
            var weights = w + ((long)ci * 9);
            var (w0, w1, w2) = (Vector256.Create(weights[0]), Vector256.Create(weights[1]), Vector256.Create(weights[2]));
            var (w3, w4, w5) = (Vector256.Create(weights[3]), Vector256.Create(weights[4]), Vector256.Create(weights[5]));
            var (w6, w7, w8) = (Vector256.Create(weights[6]), Vector256.Create(weights[7]), Vector256.Create(weights[8]));
            var source = dy + ((long)plane * g.OutPlane);
            var target = dx + ((long)plane * g.InPlane);
            var zero = Vector256<float>.Zero;
            // dY rows ih - 1 (above), ih (middle), ih + 1 (below), shifted right (column offset -1: the kw = 2 taps), as
            // is, and shifted left (offset +1: kw = 0); kernel row 0 reads the row below, row 2 the row above.
            var (above0, above1, above2) = (zero, zero, zero);
            var middle1 = Vector256.Load(source);
            var (middle0, middle2) = (LaneShifts.Right(middle1), LaneShifts.Left(middle1));
            for (var ih = 0; ih < g.H; ih++)
            {
                var below1 = ih + 1 < g.H ? Vector256.Load(source + ((ih + 1) * Width)) : zero;
                var (below0, below2) = (LaneShifts.Right(below1), LaneShifts.Left(below1));
                var sum = accumulate ? Vector256.Load(target + (ih * Width)) : zero;
                sum = Vector256.FusedMultiplyAdd(w0, below2, sum);
                sum = Vector256.FusedMultiplyAdd(w1, below1, sum);
                sum = Vector256.FusedMultiplyAdd(w2, below0, sum);
                sum = Vector256.FusedMultiplyAdd(w3, middle2, sum);
                sum = Vector256.FusedMultiplyAdd(w4, middle1, sum);
                sum = Vector256.FusedMultiplyAdd(w5, middle0, sum);
                sum = Vector256.FusedMultiplyAdd(w6, above2, sum);
                sum = Vector256.FusedMultiplyAdd(w7, above1, sum);
                sum = Vector256.FusedMultiplyAdd(w8, above0, sum);
                sum.Store(target + (ih * Width));
                (above0, above1, above2) = (middle0, middle1, middle2);
                (middle0, middle1, middle2) = (below0, below1, below2);
            }
        }
    }
}

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise convolution and its input gradient on planes 8 wide at stride 1 with same-size output (the 8 x 8 planes
/// of NAS-Bench-201's last stage and a ShuffleNetV2's middle one) with 3 x 3 and 5 x 5 filters: two rows of the result
/// are one 16-lane vector, and a tap's values for them are one load from the source plane (x, or dY) staged between
/// zero rows, the lanes whose column falls outside the row masked to zero. Per lane that is the chain
/// <see cref="DepthwiseTaps"/> computes over the padded staging (from the bias, or straight from dx; one fused
/// multiply-add per tap in tap order, padding taps included), in half the multiply-adds.
/// With 7 x 7 filters the masks cost what the wider vectors save (the same speed, measured), so those stay staged.
/// The mask table and the staging start on a cache line (<see cref="CacheLineAlignment"/>): where the stack put them
/// decided, process by process, whether the forward ran 8-10% slower.
/// </summary>
internal static unsafe class DepthwiseRowPairs
{
    private const int Width = 8;
    private const int Lanes = 16;

    /// <summary>
    /// Whether <see cref="Forward"/> and <see cref="BackwardData"/> take <paramref name="g"/>: depthwise, stride 1, W = 8, an even H, output the
    /// input's size, at most 25 taps, 512-bit vectors.
    /// </summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.IsSupported && g.IsDepthwise && g.Stride == 1 && g.W == Width && g.OutW == Width && g.OutH == g.H && g.H % 2 == 0 && g.Padding < Width && g.KH * g.KW <= 25;

    /// <summary>
    /// Output planes of input planes [first, end) (index n Cin + ci): y[co, oh, ow] chains w[co, t] x[oh - P + D kh,
    /// ow - P + D kw] over the taps t = (kh, kw) in order, from bias[co] (zero without a bias).
    /// </summary>
    public static void Forward(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
    {
        var taps = g.KH * g.KW;
        var offsets = stackalloc int[taps];
        var maskSpace = stackalloc int[(taps * Lanes) + (CacheLineAlignment.Slack / sizeof(int))];
        var masks = CacheLineAlignment.Up(maskSpace);
        TapTables(g, 1, offsets, masks);
        var lead = Lanes + (g.Padding * Width);
        var stride = lead + (g.H * Width);
        var stagingSpace = stackalloc float[(2 * stride) + lead + (CacheLineAlignment.Slack / sizeof(float))];
        var staging = CacheLineAlignment.Up(stagingSpace);
        new Span<float>(staging, (2 * stride) + lead).Clear();
        var plane0 = staging + lead;
        var plane1 = staging + stride + lead;
        var pairs = g.H / 2;
        var plane = first;
        for (; g.OutPerGroup == 1 && pairs == 4 && plane + 2 <= end; plane += 2)
        {
            // One output per input plane: channel co = ci, and plane n Cin + ci is output plane n Cout + co.
            var (c0, c1) = (plane % g.Cin, (plane + 1) % g.Cin);
            new ReadOnlySpan<float>(x + ((long)plane * g.InPlane), g.InPlane).CopyTo(new Span<float>(plane0, g.InPlane));
            new ReadOnlySpan<float>(x + ((long)(plane + 1) * g.InPlane), g.InPlane).CopyTo(new Span<float>(plane1, g.InPlane));
            var (b0, b1) = (bias == null ? 0f : bias[c0], bias == null ? 0f : bias[c1]);
            var target = y + ((long)plane * g.OutPlane);
            ChainEight(plane0, plane1, target, target + g.OutPlane, offsets, masks, w + ((long)c0 * taps), w + ((long)c1 * taps), taps, true, b0, b1);
        }

        for (; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            new ReadOnlySpan<float>(x + ((long)plane * g.InPlane), g.InPlane).CopyTo(new Span<float>(plane0, g.InPlane));
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var output = y + ((((long)n * g.Cout) + co) * g.OutPlane);
                ChainPairs(plane0, output, offsets, masks, w + ((long)co * taps), taps, pairs, true, bias == null ? 0f : bias[co]);
            }
        }
    }

    /// <summary>
    /// dx of input planes [first, end) (index n Cin + ci) (+)= the transposed convolution of their output channels' dY:
    /// dx[ih, iw] chains w[co, t] dY[co, ih + P - D kh, iw + P - D kw] over the taps t = (kh, kw) in order, from dx
    /// (from zero when not <paramref name="accumulate"/>), output channels of a plane one after the other.
    /// </summary>
    public static void BackwardData(Conv2dGeometry g, float* dy, float* w, float* dx, int first, int end, bool accumulate)
    {
        var taps = g.KH * g.KW;
        var offsets = stackalloc int[taps];
        var maskSpace = stackalloc int[(taps * Lanes) + (CacheLineAlignment.Slack / sizeof(int))];
        var masks = CacheLineAlignment.Up(maskSpace);
        TapTables(g, -1, offsets, masks);

        // dY between zero rows, P above and below (the reach of a tap's row offset) and a vector's slack for the
        // masked lanes of a column offset; two such stagings, for two planes at a time.
        var lead = Lanes + (g.Padding * Width);
        var stride = lead + (g.H * Width);
        var stagingSpace = stackalloc float[(2 * stride) + lead + (CacheLineAlignment.Slack / sizeof(float))];
        var staging = CacheLineAlignment.Up(stagingSpace);
        new Span<float>(staging, (2 * stride) + lead).Clear();
        var plane0 = staging + lead;
        var plane1 = staging + stride + lead;
        var pairs = g.H / 2;
        var plane = first;
        // One output channel per plane (the usual depthwise), 8 rows: two planes' eight chains at once, enough
        // independent multiply-adds to hide their latency.
        for (; g.OutPerGroup == 1 && pairs == 4 && plane + 2 <= end; plane += 2)
        {
            var (n0, ci0) = Math.DivRem(plane, g.Cin);
            var (n1, ci1) = Math.DivRem(plane + 1, g.Cin);
            new ReadOnlySpan<float>(dy + ((((long)n0 * g.Cout) + ci0) * g.OutPlane), g.OutPlane).CopyTo(new Span<float>(plane0, g.OutPlane));
            new ReadOnlySpan<float>(dy + ((((long)n1 * g.Cout) + ci1) * g.OutPlane), g.OutPlane).CopyTo(new Span<float>(plane1, g.OutPlane));
            var target = dx + ((long)plane * g.InPlane);
            ChainEight(plane0, plane1, target, target + g.InPlane, offsets, masks, w + ((long)ci0 * taps), w + ((long)ci1 * taps), taps, !accumulate, 0f, 0f);
        }

        for (; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var target = dx + ((long)plane * g.InPlane);
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                new ReadOnlySpan<float>(dy + ((((long)n * g.Cout) + co) * g.OutPlane), g.OutPlane).CopyTo(new Span<float>(plane0, g.OutPlane));
                ChainPairs(plane0, target, offsets, masks, w + ((long)co * taps), taps, pairs, j == 0 && !accumulate, 0f);
            }
        }
    }

    /// <summary>
    /// Where tap t reads, relative to a row pair's first output, and its column mask: the source position is the
    /// output's plus <paramref name="sign"/> (D kh - P, D kw - P) (+1 for the convolution, -1 for its input gradient).
    /// </summary>
    private static void TapTables(Conv2dGeometry g, int sign, int* offsets, int* masks)
    {
        for (var t = 0; t < g.KH * g.KW; t++)
        {
            var (kh, kw) = Math.DivRem(t, g.KW);
            var (rows, cols) = (sign * ((kh * g.Dilation) - g.Padding), sign * ((kw * g.Dilation) - g.Padding));
            offsets[t] = (rows * Width) + cols;
            for (var lane = 0; lane < Lanes; lane++)
            {
                var column = (lane % Width) + cols;
                masks[(t * Lanes) + lane] = column >= 0 && column < Width ? -1 : 0;
            }
        }
    }

    /// <summary>
    /// Every row pair of one plane, one chain each: from <paramref name="start"/> when <paramref name="fromStart"/>, else
    /// from the target. (The start is a scalar: a 64-byte argument goes on the stack, where it splits a cache line or
    /// not depending on where the process's stack fell.)
    /// </summary>
    private static void ChainPairs(float* at, float* target, int* offsets, int* masks, float* weights, int taps, int pairs, bool fromStart, float start)
    {
        for (var pair = 0; pair < pairs; pair++)
        {
            var source = at + (pair * Lanes);
            var output = target + (pair * Lanes);
            var sum = fromStart ? Vector512.Create(start) : Vector512.Load(output);
            for (var t = 0; t < taps; t++)
            {
                var tap = Vector512.Load(source + offsets[t]) & Vector512.Load(masks + (t * Lanes)).AsSingle();
                sum = Vector512.FusedMultiplyAdd(tap, Vector512.Create(weights[t]), sum);
            }

            sum.Store(output);
        }
    }

    /// <summary>
    /// The four row pairs of two planes (their own sources and weights) at once, eight independent chains: from
    /// <paramref name="first0"/> / <paramref name="first1"/> when <paramref name="fromStart"/>, else from the targets.
    /// </summary>
    private static void ChainEight(float* at0, float* at1, float* target0, float* target1, int* offsets, int* masks, float* weights0, float* weights1, int taps, bool fromStart, float first0, float first1)
    {
        var (start0, start1) = (Vector512.Create(first0), Vector512.Create(first1));
        var s0 = fromStart ? start0 : Vector512.Load(target0);
        var s1 = fromStart ? start0 : Vector512.Load(target0 + Lanes);
        var s2 = fromStart ? start0 : Vector512.Load(target0 + (2 * Lanes));
        var s3 = fromStart ? start0 : Vector512.Load(target0 + (3 * Lanes));
        var s4 = fromStart ? start1 : Vector512.Load(target1);
        var s5 = fromStart ? start1 : Vector512.Load(target1 + Lanes);
        var s6 = fromStart ? start1 : Vector512.Load(target1 + (2 * Lanes));
        var s7 = fromStart ? start1 : Vector512.Load(target1 + (3 * Lanes));
        for (var t = 0; t < taps; t++)
        {
            var p = at0 + offsets[t];
            var q = at1 + offsets[t];
            var mask = Vector512.Load(masks + (t * Lanes)).AsSingle();
            var (w0, w1) = (Vector512.Create(weights0[t]), Vector512.Create(weights1[t]));
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(p) & mask, w0, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Load(p + Lanes) & mask, w0, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Load(p + (2 * Lanes)) & mask, w0, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Load(p + (3 * Lanes)) & mask, w0, s3);
            s4 = Vector512.FusedMultiplyAdd(Vector512.Load(q) & mask, w1, s4);
            s5 = Vector512.FusedMultiplyAdd(Vector512.Load(q + Lanes) & mask, w1, s5);
            s6 = Vector512.FusedMultiplyAdd(Vector512.Load(q + (2 * Lanes)) & mask, w1, s6);
            s7 = Vector512.FusedMultiplyAdd(Vector512.Load(q + (3 * Lanes)) & mask, w1, s7);
        }

        s0.Store(target0);
        s1.Store(target0 + Lanes);
        s2.Store(target0 + (2 * Lanes));
        s3.Store(target0 + (3 * Lanes));
        s4.Store(target1);
        s5.Store(target1 + Lanes);
        s6.Store(target1 + (2 * Lanes));
        s7.Store(target1 + (3 * Lanes));
    }
}

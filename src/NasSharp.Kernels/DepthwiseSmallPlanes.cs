using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise convolution of 4 x 4 output planes (a ShuffleNetV2's last stage): 4 x 4 inputs at stride 1, and the
/// 8 x 8 inputs of the stage's first, downsampling block at stride 2. The whole output plane is one 16-lane vector,
/// and each tap's inputs are one permute of a 16-lane input plane (a lane whose input lies in the padding reads a
/// zero); at stride 2 those are the four 4 x 4 phases of the 8 x 8 plane (rows and columns of one parity each), taken
/// apart with permutes first (Dumoulin and Visin, "A guide to convolution arithmetic", 2016, section 4, for the
/// strided convolution as a sum over phases). Every output is bias + the taps in tap order, one fused multiply-add
/// each, padding taps included, exactly as <see cref="DepthwiseTaps.Correlate"/> computes it over the staged plane;
/// without the staging, the 8-lane rows half empty and the copy out, the plane costs a load, a permute and a
/// multiply-add per tap.
/// </summary>
internal static unsafe class DepthwiseSmallPlanes
{
    private const int Side = 4;

    /// <summary>Whether <see cref="Forward"/> takes <paramref name="g"/>: depthwise, stride 1, 4 x 4 in and out, 512-bit permutes.</summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.IsSupported && g.IsDepthwise && g.Stride == 1 && g.H == Side && g.W == Side && g.OutH == Side && g.OutW == Side && g.KH * g.KW <= 64;

    /// <summary>Whether <see cref="ForwardStrideTwo"/> and <see cref="BackwardDataStrideTwo"/> take <paramref name="g"/>: depthwise, stride 2, 8 x 8 in, 4 x 4 out, 512-bit permutes.</summary>
    public static bool AppliesStrideTwo(Conv2dGeometry g) =>
        Avx512F.IsSupported && g.IsDepthwise && g.Stride == 2 && g.H == 2 * Side && g.W == 2 * Side && g.OutH == Side && g.OutW == Side && g.KH * g.KW <= 64;

    /// <summary>Output planes of 8 x 8 input planes [first, end) at stride 2: bias + per tap one permute of one phase.</summary>
    public static void ForwardStrideTwo(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
    {
        var taps = g.KH * g.KW;
        var indicesSpace = stackalloc int[(taps * 16) + (CacheLineAlignment.Slack / sizeof(int))];
        var indices = CacheLineAlignment.Up(indicesSpace);
        var phaseOf = stackalloc int[taps];
        for (var t = 0; t < taps; t++)
        {
            var (kh, kw) = Math.DivRem(t, g.KW);
            var (dr, dc) = ((kh * g.Dilation) - g.Padding, (kw * g.Dilation) - g.Padding);
            // Input row 2 oh + dr is row oh + floor(dr / 2) of the phase with row parity dr mod 2 (columns alike).
            var (py, px) = (dr & 1, dc & 1);
            phaseOf[t] = (py * 2) + px;
            for (var lane = 0; lane < 16; lane++)
            {
                var (oh, ow) = Math.DivRem(lane, Side);
                var (r, c) = (oh + ((dr - py) / 2), ow + ((dc - px) / 2));
                indices[(t * 16) + lane] = r >= 0 && r < Side && c >= 0 && c < Side ? (r * Side) + c : 16;
            }
        }

        var zero = Vector512<float>.Zero;
        var phasesSpace = stackalloc Vector512<float>[4 + (CacheLineAlignment.Slack / sizeof(Vector512<float>))];
        var phases = CacheLineAlignment.Up(phasesSpace);
        var splitSpace = stackalloc int[(4 * 16) + (CacheLineAlignment.Slack / sizeof(int))];
        var split = CacheLineAlignment.Up(splitSpace);
        for (var phase = 0; phase < 4; phase++)
        {
            for (var k = 0; k < 8; k++)
            {
                split[(phase * 16) + k] = PhaseIndex(phase, k);
            }
        }

        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            SplitPhases(x + ((long)plane * 64), split, phases);
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var weights = w + ((long)co * taps);
                var sum = Vector512.Create(bias == null ? 0f : bias[co]);
                for (var t = 0; t < taps; t++)
                {
                    var tap = Avx512F.PermuteVar16x32x2(phases[phaseOf[t]], Vector512.Load(indices + (t * 16)), zero);
                    sum = Vector512.FusedMultiplyAdd(tap, Vector512.Create(weights[t]), sum);
                }

                sum.Store(y + ((((long)n * g.Cout) + co) * 16));
            }
        }
    }

    /// <summary>
    /// dx of 8 x 8 input planes [first, end) (+)= the transposed stride-2 convolution of their output channels' dY: each
    /// phase of dx chains from zero over the taps that land on it, in tap order (one permute of dY per tap), and the
    /// four phases are interleaved back and added to dx, as the staged path sums its phase planes and adds them.
    /// </summary>
    public static void BackwardDataStrideTwo(Conv2dGeometry g, float* dy, float* w, float* dx, int first, int end, bool accumulate)
    {
        var taps = g.KH * g.KW;
        var indicesSpace = stackalloc int[(taps * 16) + (CacheLineAlignment.Slack / sizeof(int))];
        var indices = CacheLineAlignment.Up(indicesSpace);
        var phaseOf = stackalloc int[taps];
        for (var t = 0; t < taps; t++)
        {
            var (kh, kw) = Math.DivRem(t, g.KW);
            // dx[ih, iw] takes dY[(ih + P - D kh) / 2, (iw + P - D kw) / 2] where both divide: rows ih = 2 r + qy of the
            // phase with qy = (D kh - P) mod 2, reading dY row r + (qy + P - D kh) / 2 (columns alike).
            var (ar, ac) = (g.Padding - (kh * g.Dilation), g.Padding - (kw * g.Dilation));
            var (qy, qx) = (ar & 1, ac & 1);
            phaseOf[t] = (qy * 2) + qx;
            for (var lane = 0; lane < 16; lane++)
            {
                var (r, c) = Math.DivRem(lane, Side);
                var (oh, ow) = (r + ((qy + ar) / 2), c + ((qx + ac) / 2));
                indices[(t * 16) + lane] = oh >= 0 && oh < Side && ow >= 0 && ow < Side ? (oh * Side) + ow : 16;
            }
        }

        // The taps grouped by phase, in tap order within each (a stable counting sort): each phase's chain runs in a
        // register, in the order the taps would reach it one by one.
        var byPhase = stackalloc int[taps];
        var bounds = stackalloc int[5];
        for (var phase = 0; phase < 4; phase++)
        {
            bounds[phase + 1] = bounds[phase];
            for (var t = 0; t < taps; t++)
            {
                if (phaseOf[t] == phase)
                {
                    byPhase[bounds[phase + 1]++] = t;
                }
            }
        }

        var interleaveSpace = stackalloc int[(4 * 16) + (CacheLineAlignment.Slack / sizeof(int))];

        var interleave = CacheLineAlignment.Up(interleaveSpace);
        for (var pair = 0; pair < 4; pair++)
        {
            for (var l = 0; l < 8; l++)
            {
                // Column l of output row 2 pair (+ 1) is lane 4 pair + l / 2 of the even (l even) or odd (from 16) phase.
                interleave[(pair * 16) + l] = ((l & 1) * 16) + (4 * pair) + (l / 2);
            }
        }

        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var target = dx + ((long)plane * 64);
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var gradient = Vector512.Load(dy + ((((long)n * g.Cout) + co) * 16));
                var weights = w + ((long)co * taps);
                var phase0 = PhaseChain(gradient, weights, indices, byPhase, bounds[0], bounds[1]);
                var phase1 = PhaseChain(gradient, weights, indices, byPhase, bounds[1], bounds[2]);
                var phase2 = PhaseChain(gradient, weights, indices, byPhase, bounds[2], bounds[3]);
                var phase3 = PhaseChain(gradient, weights, indices, byPhase, bounds[3], bounds[4]);
                AddPhases(phase0, phase1, phase2, phase3, interleave, target, accumulate || j > 0);
            }
        }
    }

    /// <summary>The four 4 x 4 phases of the 8 x 8 plane at <paramref name="plane"/>: phase py 2 + px holds (2 r + py, 2 c + px).</summary>
    private static void SplitPhases(float* plane, int* split, Vector512<float>* phases)
    {
        var (rows01, rows23, rows45, rows67) = (Vector512.Load(plane), Vector512.Load(plane + 16), Vector512.Load(plane + 32), Vector512.Load(plane + 48));
        for (var phase = 0; phase < 4; phase++)
        {
            // Lanes 0-7 of each permute (split[phase], <see cref="PhaseIndex"/>): phase rows 0-1 from the first two pairs
            // of input rows, rows 2-3 from the last two.
            var index = Vector512.Load(split + (phase * 16));
            var low = Avx512F.PermuteVar16x32x2(rows01, index, rows23);
            var high = Avx512F.PermuteVar16x32x2(rows45, index, rows67);
            phases[phase] = Vector512.Create(low.GetLower(), high.GetLower());
        }
    }

    /// <summary>One phase's chain from zero over its taps byPhase[from..to) in order: per tap one permute of dY times the tap's weight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PhaseChain(Vector512<float> gradient, float* weights, int* indices, int* byPhase, int from, int to)
    {
        var sum = Vector512<float>.Zero;
        for (var i = from; i < to; i++)
        {
            var t = byPhase[i];
            var tap = Avx512F.PermuteVar16x32x2(gradient, Vector512.Load(indices + (t * 16)), Vector512<float>.Zero);
            sum = Vector512.FusedMultiplyAdd(tap, Vector512.Create(weights[t]), sum);
        }

        return sum;
    }

    /// <summary>dx (8 x 8 at <paramref name="target"/>) = (dx or zero) + the four phases interleaved back (phase py 2 + px lane r 4 + c is (2 r + py, 2 c + px)).</summary>
    private static void AddPhases(Vector512<float> phase0, Vector512<float> phase1, Vector512<float> phase2, Vector512<float> phase3, int* interleave, float* target, bool add)
    {
        for (var pair = 0; pair < 4; pair++)
        {
            // Rows 2 pair (phases 0, 1) and 2 pair + 1 (phases 2, 3).
            var index = Vector512.Load(interleave + (pair * 16));
            var even = Avx512F.PermuteVar16x32x2(phase0, index, phase1);
            var odd = Avx512F.PermuteVar16x32x2(phase2, index, phase3);
            var rows = Vector512.Create(even.GetLower(), odd.GetLower());
            var at = target + (pair * 16);
            (add ? Vector512.Load(at) + rows : Vector512<float>.Zero + rows).Store(at);
        }
    }

    /// <summary>Lane k (0-7) of phase rows: phase row k / 4 of a pair of input rows held in two 16-lane vectors (the second from index 16).</summary>
    private static int PhaseIndex(int phase, int k)
    {
        var (py, px) = Math.DivRem(phase, 2);
        var (pairRow, c) = Math.DivRem(k, Side);
        // Phase row pairRow of this 2-row-pair window is input row 2 pairRow + py: in the first vector for pairRow 0.
        return (pairRow * 16) + (py * 8) + (2 * c) + px;
    }

    /// <summary>Output planes of input planes [first, end) (index n Cin + ci).</summary>
    public static void Forward(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
    {
        var taps = g.KH * g.KW;
        var indicesSpace = stackalloc int[(taps * 16) + (CacheLineAlignment.Slack / sizeof(int))];
        var indices = CacheLineAlignment.Up(indicesSpace);
        for (var t = 0; t < taps; t++)
        {
            var (kh, kw) = Math.DivRem(t, g.KW);
            for (var lane = 0; lane < 16; lane++)
            {
                var (oh, ow) = Math.DivRem(lane, Side);
                var (ih, iw) = (oh + (kh * g.Dilation) - g.Padding, ow + (kw * g.Dilation) - g.Padding);
                // Lanes 16-31 of the permute's table are the zero vector.
                indices[(t * 16) + lane] = ih >= 0 && ih < Side && iw >= 0 && iw < Side ? (ih * Side) + iw : 16;
            }
        }

        var zero = Vector512<float>.Zero;
        var plane = first;
        // One output per input plane (the usual depthwise): four planes at a time, four independent chains of multiply-adds.
        for (; g.OutPerGroup == 1 && plane + 4 <= end; plane += 4)
        {
            var (i0, i1, i2, i3) = (Vector512.Load(x + ((long)plane * 16)), Vector512.Load(x + ((long)(plane + 1) * 16)), Vector512.Load(x + ((long)(plane + 2) * 16)), Vector512.Load(x + ((long)(plane + 3) * 16)));
            var (c0, c1, c2, c3) = (plane % g.Cin, (plane + 1) % g.Cin, (plane + 2) % g.Cin, (plane + 3) % g.Cin);
            var w0 = w + ((long)c0 * taps);
            var w1 = w + ((long)c1 * taps);
            var w2 = w + ((long)c2 * taps);
            var w3 = w + ((long)c3 * taps);
            var s0 = Vector512.Create(bias == null ? 0f : bias[c0]);
            var s1 = Vector512.Create(bias == null ? 0f : bias[c1]);
            var s2 = Vector512.Create(bias == null ? 0f : bias[c2]);
            var s3 = Vector512.Create(bias == null ? 0f : bias[c3]);
            for (var t = 0; t < taps; t++)
            {
                var index = Vector512.Load(indices + (t * 16));
                s0 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(i0, index, zero), Vector512.Create(w0[t]), s0);
                s1 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(i1, index, zero), Vector512.Create(w1[t]), s1);
                s2 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(i2, index, zero), Vector512.Create(w2[t]), s2);
                s3 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(i3, index, zero), Vector512.Create(w3[t]), s3);
            }

            // Output channel co = ci when each input plane has one output: plane n Cin + ci is output plane n Cout + co.
            s0.Store(y + ((long)plane * 16));
            s1.Store(y + ((long)(plane + 1) * 16));
            s2.Store(y + ((long)(plane + 2) * 16));
            s3.Store(y + ((long)(plane + 3) * 16));
        }

        for (; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var input = Vector512.Load(x + ((long)plane * 16));
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var weights = w + ((long)co * taps);
                var sum = Vector512.Create(bias == null ? 0f : bias[co]);
                for (var t = 0; t < taps; t++)
                {
                    var tap = Avx512F.PermuteVar16x32x2(input, Vector512.Load(indices + (t * 16)), zero);
                    sum = Vector512.FusedMultiplyAdd(tap, Vector512.Create(weights[t]), sum);
                }

                sum.Store(y + ((((long)n * g.Cout) + co) * 16));
            }
        }
    }

    /// <summary>
    /// dx of input planes [first, end) (+)= the transposed convolution of their output channels' dY, 4 x 4 at stride 1:
    /// per output channel a chain from zero of one multiply-add per tap in tap order (dY under the flipped tap, zero
    /// outside), added to dx, as the staged path does for planes narrower than a chunk.
    /// </summary>
    public static void BackwardData(Conv2dGeometry g, float* dy, float* w, float* dx, int first, int end, bool accumulate)
    {
        var taps = g.KH * g.KW;
        var indicesSpace = stackalloc int[(taps * 16) + (CacheLineAlignment.Slack / sizeof(int))];
        var indices = CacheLineAlignment.Up(indicesSpace);
        for (var t = 0; t < taps; t++)
        {
            var (kh, kw) = Math.DivRem(t, g.KW);
            for (var lane = 0; lane < 16; lane++)
            {
                var (ih, iw) = Math.DivRem(lane, Side);
                var (oh, ow) = (ih + g.Padding - (kh * g.Dilation), iw + g.Padding - (kw * g.Dilation));
                indices[(t * 16) + lane] = oh >= 0 && oh < Side && ow >= 0 && ow < Side ? (oh * Side) + ow : 16;
            }
        }

        var zero = Vector512<float>.Zero;
        var plane = first;
        // One output channel per plane (the usual depthwise): four planes at a time, four independent chains of
        // multiply-adds (one at a time, each plane waited on its own chain's latency: 1.3-1.5x, session 27).
        for (; g.OutPerGroup == 1 && plane + 4 <= end; plane += 4)
        {
            // Output channel co = ci: plane n Cin + ci's gradient is output plane n Cout + co.
            var (d0, d1, d2, d3) = (Vector512.Load(dy + ((long)plane * 16)), Vector512.Load(dy + ((long)(plane + 1) * 16)), Vector512.Load(dy + ((long)(plane + 2) * 16)), Vector512.Load(dy + ((long)(plane + 3) * 16)));
            var w0 = w + ((long)(plane % g.Cin) * taps);
            var w1 = w + ((long)((plane + 1) % g.Cin) * taps);
            var w2 = w + ((long)((plane + 2) % g.Cin) * taps);
            var w3 = w + ((long)((plane + 3) % g.Cin) * taps);
            var (s0, s1, s2, s3) = (zero, zero, zero, zero);
            for (var t = 0; t < taps; t++)
            {
                var index = Vector512.Load(indices + (t * 16));
                s0 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(d0, index, zero), Vector512.Create(w0[t]), s0);
                s1 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(d1, index, zero), Vector512.Create(w1[t]), s1);
                s2 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(d2, index, zero), Vector512.Create(w2[t]), s2);
                s3 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(d3, index, zero), Vector512.Create(w3[t]), s3);
            }

            var target = dx + ((long)plane * 16);
            ((accumulate ? Vector512.Load(target) : zero) + s0).Store(target);
            ((accumulate ? Vector512.Load(target + 16) : zero) + s1).Store(target + 16);
            ((accumulate ? Vector512.Load(target + 32) : zero) + s2).Store(target + 32);
            ((accumulate ? Vector512.Load(target + 48) : zero) + s3).Store(target + 48);
        }

        for (; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var target = dx + ((long)plane * 16);
            var total = accumulate ? Vector512.Load(target) : zero;
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var gradient = Vector512.Load(dy + ((((long)n * g.Cout) + co) * 16));
                var weights = w + ((long)co * taps);
                var sum = zero;
                for (var t = 0; t < taps; t++)
                {
                    sum = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(gradient, Vector512.Load(indices + (t * 16)), zero), Vector512.Create(weights[t]), sum);
                }

                total += sum;
            }

            total.Store(target);
        }
    }
}

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The forward depthwise convolution of 4 x 4 planes at stride 1 (a ShuffleNetV2's last stage): the whole output plane
/// is one 16-lane vector, and each tap's inputs are one permute of the input plane (a lane whose input lies in the
/// padding reads a zero). Every output is bias + the taps in tap order, one fused multiply-add each, padding taps
/// included, exactly as <see cref="DepthwiseTaps.Correlate"/> computes it over the staged plane; without the staging,
/// the 8-lane rows half empty and the copy out, the plane costs a load, a permute and a multiply-add per tap.
/// </summary>
internal static unsafe class DepthwiseSmallPlanes
{
    private const int Side = 4;

    /// <summary>Whether <see cref="Forward"/> takes <paramref name="g"/>: depthwise, stride 1, 4 x 4 in and out, 512-bit permutes.</summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.IsSupported && g.IsDepthwise && g.Stride == 1 && g.H == Side && g.W == Side && g.OutH == Side && g.OutW == Side && g.KH * g.KW <= 64;

    /// <summary>Output planes of input planes [first, end) (index n Cin + ci).</summary>
    public static void Forward(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
    {
        var taps = g.KH * g.KW;
        var indices = stackalloc int[taps * 16];
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
        var indices = stackalloc int[taps * 16];
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
        for (var plane = first; plane < end; plane++)
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

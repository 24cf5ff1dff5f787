using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// The vectorised stride-1 planes of <see cref="DepthwiseConvolution"/>: each plane is staged once with
/// its zero padding, then eight outputs at a time sum the taps with fused multiply-adds (the weight
/// gradient keeps one vector accumulator per tap across all images). Reached only when every row has
/// at least eight outputs; results depend on the geometry alone, never on the thread count.
/// </summary>
internal static unsafe class DepthwiseStrideOne
{
    private const int Width = 8;

    /// <summary>Whether a stride-1 plane with padding <paramref name="pad"/> takes this path.</summary>
    public static bool Applies(Conv2dGeometry g, int pad) => g.Stride == 1 && pad >= 0 && g.OutW >= Width && g.W >= Width;

    /// <summary>
    /// output (=|+=) bias + the stride-1 correlation of one inH x inW plane, zero-padded by
    /// <paramref name="pad"/>, with the KH x KW taps of <paramref name="w"/> (reversed when <paramref name="flip"/>).
    /// </summary>
    public static void Convolve(Conv2dGeometry g, float* input, int inH, int inW, int pad, float* w, bool flip, float bias, float* output, bool accumulate)
    {
        var (d, taps) = (g.Dilation, g.KH * g.KW);
        var (outH, outW) = (inH + (2 * pad) - (d * (g.KH - 1)), inW + (2 * pad) - (d * (g.KW - 1)));
        var paddedW = inW + (2 * pad);
        var padded = KernelScratch.Get(KernelScratch.Staging, (long)(inH + (2 * pad)) * paddedW);
        VectorLoops.PadPlane(input, inH, inW, pad, pad, 0f, padded);
        var weights = stackalloc float[taps];
        for (var t = 0; t < taps; t++)
        {
            weights[t] = w[flip ? taps - 1 - t : t];
        }

        for (var oh = 0; oh < outH; oh++)
        {
            var row = padded + ((long)oh * paddedW);
            var target = output + ((long)oh * outW);
            var ow = 0;
            for (; ow + Width <= outW || (!accumulate && ow < outW); ow += Width)
            {
                ow = Math.Min(ow, outW - Width);
                var acc = accumulate ? Vector256.Load(target + ow) : Vector256.Create(bias);
                if (taps == 9 && g.KW == 3)
                {
                    Taps3x3(row + ow, paddedW * d, d, weights, acc).Store(target + ow);
                    continue;
                }

                for (var kh = 0; kh < g.KH; kh++)
                {
                    var source = row + ((long)kh * d * paddedW) + ow;
                    for (var kw = 0; kw < g.KW; kw++)
                    {
                        acc = Vector256.FusedMultiplyAdd(Vector256.Load(source + (kw * d)), Vector256.Create(weights[(kh * g.KW) + kw]), acc);
                    }
                }

                acc.Store(target + ow);
            }

            for (; ow < outW; ow++)
            {
                var acc = target[ow];
                for (var kh = 0; kh < g.KH; kh++)
                {
                    for (var kw = 0; kw < g.KW; kw++)
                    {
                        acc = MathF.FusedMultiplyAdd(row[((long)kh * d * paddedW) + ow + (kw * d)], weights[(kh * g.KW) + kw], acc);
                    }
                }

                target[ow] = acc;
            }
        }
    }

    /// <summary>acc + the 3 x 3 taps at <paramref name="source"/> (rows <paramref name="rowStride"/> apart, columns <paramref name="d"/> apart), unrolled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Taps3x3(float* source, int rowStride, int d, float* w, Vector256<float> acc)
    {
        var r1 = source + rowStride;
        var r2 = source + (2 * rowStride);
        var top = Vector256.FusedMultiplyAdd(Vector256.Load(source), Vector256.Create(w[0]), acc);
        var middle = Vector256.Load(r1) * Vector256.Create(w[3]);
        var bottom = Vector256.Load(r2) * Vector256.Create(w[6]);
        top = Vector256.FusedMultiplyAdd(Vector256.Load(source + d), Vector256.Create(w[1]), top);
        middle = Vector256.FusedMultiplyAdd(Vector256.Load(r1 + d), Vector256.Create(w[4]), middle);
        bottom = Vector256.FusedMultiplyAdd(Vector256.Load(r2 + d), Vector256.Create(w[7]), bottom);
        top = Vector256.FusedMultiplyAdd(Vector256.Load(source + (2 * d)), Vector256.Create(w[2]), top);
        middle = Vector256.FusedMultiplyAdd(Vector256.Load(r1 + (2 * d)), Vector256.Create(w[5]), middle);
        bottom = Vector256.FusedMultiplyAdd(Vector256.Load(r2 + (2 * d)), Vector256.Create(w[8]), bottom);
        return top + (middle + bottom);
    }

    /// <summary>
    /// dw[tap] += sum over images, in order, and positions of dy[n, co] times the padded input plane
    /// shifted to the tap; <paramref name="x"/> and <paramref name="dy"/> point at image 0's planes.
    /// </summary>
    public static void AccumulateWeightGrad(Conv2dGeometry g, float* x, float* dy, float* dw)
    {
        var (d, taps, pad) = (g.Dilation, g.KH * g.KW, g.Padding);
        var paddedW = g.W + (2 * pad);
        var padded = KernelScratch.Get(KernelScratch.Staging, (long)(g.H + (2 * pad)) * paddedW);
        var sums = stackalloc Vector256<float>[taps];
        var tails = stackalloc float[taps];
        for (var t = 0; t < taps; t++)
        {
            (sums[t], tails[t]) = (Vector256<float>.Zero, 0f);
        }

        for (var n = 0; n < g.N; n++)
        {
            VectorLoops.PadPlane(x + ((long)n * g.Cin * g.InPlane), g.H, g.W, pad, pad, 0f, padded);
            var gradient = dy + ((long)n * g.Cout * g.OutPlane);
            for (var oh = 0; oh < g.OutH; oh++)
            {
                var dyRow = gradient + ((long)oh * g.OutW);
                var row = padded + ((long)oh * paddedW);
                var ow = 0;
                for (; ow + Width <= g.OutW; ow += Width)
                {
                    var dv = Vector256.Load(dyRow + ow);
                    if (taps == 9 && g.KW == 3)
                    {
                        Accumulate3x3(dv, row + ow, paddedW * d, d, sums);
                        continue;
                    }

                    for (var t = 0; t < taps; t++)
                    {
                        var (kh, kw) = Math.DivRem(t, g.KW);
                        sums[t] = Vector256.FusedMultiplyAdd(dv, Vector256.Load(row + ((long)kh * d * paddedW) + ow + (kw * d)), sums[t]);
                    }
                }

                for (; ow < g.OutW; ow++)
                {
                    for (var t = 0; t < taps; t++)
                    {
                        var (kh, kw) = Math.DivRem(t, g.KW);
                        tails[t] = MathF.FusedMultiplyAdd(dyRow[ow], row[((long)kh * d * paddedW) + ow + (kw * d)], tails[t]);
                    }
                }
            }
        }

        for (var t = 0; t < taps; t++)
        {
            dw[t] += Vector256.Sum(sums[t]) + tails[t];
        }
    }

    /// <summary>sums[t] += dv times the input under tap t, for the nine taps of a 3 x 3 kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate3x3(Vector256<float> dv, float* source, int rowStride, int d, Vector256<float>* sums)
    {
        for (var kh = 0; kh < 3; kh++)
        {
            var row = source + ((long)kh * rowStride);
            sums[(3 * kh) + 0] = Vector256.FusedMultiplyAdd(dv, Vector256.Load(row), sums[(3 * kh) + 0]);
            sums[(3 * kh) + 1] = Vector256.FusedMultiplyAdd(dv, Vector256.Load(row + d), sums[(3 * kh) + 1]);
            sums[(3 * kh) + 2] = Vector256.FusedMultiplyAdd(dv, Vector256.Load(row + (2 * d)), sums[(3 * kh) + 2]);
        }
    }
}

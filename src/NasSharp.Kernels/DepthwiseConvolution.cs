using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace NasSharp.Kernels;

/// <summary>
/// Direct convolution for geometries with one input channel per group (depthwise, Groups == Cin, as in
/// MobileNet's separable convolutions; also any convolution of a single-channel input). Each output
/// channel filters one input plane, so im2col + GEMM would multiply a 1-row matrix; sliding the kernel
/// directly is cheaper. Blocks are output planes (forward), input planes (backward-data) or output
/// channels summing over images in order (backward-weight), so results never depend on the thread count.
/// Stride-1 geometries with rows of at least 8 outputs take the vectorised <see cref="DepthwiseStrideOne"/> path.
/// Reached through <see cref="Convolution"/>, which validates the buffers; backward methods accumulate.
/// </summary>
internal static unsafe class DepthwiseConvolution
{
    internal static void Forward(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        fixed (float* px = input, pw = weight, pb = bias, py = output)
        {
            var (x, w, b, y) = ((nint)px, (nint)pw, (nint)pb, (nint)py);
            var hasBias = !bias.IsEmpty;
            KernelParallel.For(g.N * g.Cout, (G: g, X: x, W: w, B: hasBias ? b : 0, Y: y), static (s, plane) =>
            {
                var g = s.G;
                var (n, co) = (plane / g.Cout, plane % g.Cout);
                var ci = co / g.OutPerGroup;
                var taps = g.KH * g.KW;
                var value = s.B != 0 ? ((float*)s.B)[co] : 0f;
                var input = (float*)s.X + ((((long)n * g.Cin) + ci) * g.InPlane);
                var output = (float*)s.Y + ((long)plane * g.OutPlane);
                if (DepthwiseStrideOne.Applies(g, g.Padding))
                {
                    DepthwiseStrideOne.Convolve(g, input, g.H, g.W, g.Padding, (float*)s.W + ((long)co * taps), flip: false, value, output, accumulate: false);
                    return;
                }

                ForwardPlane(g, new ReadOnlySpan<float>(input, g.InPlane), At(s.W, co * taps, taps), value, new Span<float>(output, g.OutPlane));
            });
        }
    }

    internal static void BackwardData(Conv2dGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight, Span<float> inputGrad)
    {
        fixed (float* pdy = outputGrad, pw = weight, pdx = inputGrad)
        {
            var (dy, w, dx) = ((nint)pdy, (nint)pw, (nint)pdx);
            KernelParallel.For(g.N * g.Cin, (G: g, Dy: dy, W: w, Dx: dx), static (s, plane) =>
            {
                var g = s.G;
                var (n, ci) = (plane / g.Cin, plane % g.Cin);
                var taps = g.KH * g.KW;
                var target = At(s.Dx, plane * g.InPlane, g.InPlane);
                var transposedPad = (g.Dilation * (g.KH - 1)) - g.Padding;
                for (var j = 0; j < g.OutPerGroup; j++)
                {
                    var co = (ci * g.OutPerGroup) + j;
                    var gradient = (float*)s.Dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                    if (g.KH == g.KW && DepthwiseStrideOne.Applies(g, transposedPad))
                    {
                        // The input gradient of a stride-1 convolution is the convolution of dY (padded by
                        // D (K - 1) - P) with the flipped kernel.
                        DepthwiseStrideOne.Convolve(g, gradient, g.OutH, g.OutW, transposedPad, (float*)s.W + ((long)co * taps), flip: true, 0f, (float*)Unsafe.AsPointer(ref target[0]), accumulate: true);
                        continue;
                    }

                    BackwardDataPlane(g, new ReadOnlySpan<float>(gradient, g.OutPlane), At(s.W, co * taps, taps), target);
                }
            });
        }
    }

    internal static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> weightGrad)
    {
        fixed (float* px = input, pdy = outputGrad, pdw = weightGrad)
        {
            var (x, dy, dw) = ((nint)px, (nint)pdy, (nint)pdw);
            KernelParallel.For(g.Cout, (G: g, X: x, Dy: dy, Dw: dw), static (s, co) =>
            {
                var (g, x, dy) = (s.G, s.X, s.Dy);
                var taps = g.KH * g.KW;
                var ci = co / g.OutPerGroup;
                var target = At(s.Dw, co * taps, taps);
                if (DepthwiseStrideOne.Applies(g, g.Padding))
                {
                    DepthwiseStrideOne.AccumulateWeightGrad(g, (float*)x + ((long)ci * g.InPlane), (float*)dy + ((long)co * g.OutPlane), (float*)Unsafe.AsPointer(ref target[0]));
                    return;
                }

                for (var kh = 0; kh < g.KH; kh++)
                {
                    for (var kw = 0; kw < g.KW; kw++)
                    {
                        var sum = 0f;
                        for (var n = 0; n < g.N; n++)
                        {
                            sum += TapProduct(g, At(x, ((n * g.Cin) + ci) * g.InPlane, g.InPlane), At(dy, ((n * g.Cout) + co) * g.OutPlane, g.OutPlane), kh, kw);
                        }

                        target[(kh * g.KW) + kw] += sum;
                    }
                }
            });
        }
    }

    private static Span<float> At(nint pointer, int offset, int length) => new((float*)pointer + offset, length);

    /// <summary>y = bias + sum over taps of w[tap] times the input shifted to that tap, one row segment at a time.</summary>
    private static void ForwardPlane(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, float bias, Span<float> y)
    {
        y.Fill(bias);
        for (var kh = 0; kh < g.KH; kh++)
        {
            var rowOffset = (kh * g.Dilation) - g.Padding;
            var (ohLo, ohHi) = WindowRange.Valid(g.OutH, g.H, g.Stride, rowOffset);
            for (var kw = 0; kw < g.KW; kw++)
            {
                var colOffset = (kw * g.Dilation) - g.Padding;
                var (owLo, owHi) = WindowRange.Valid(g.OutW, g.W, g.Stride, colOffset);
                if (owLo == owHi)
                {
                    continue;
                }

                var wv = w[(kh * g.KW) + kw];
                for (var oh = ohLo; oh < ohHi; oh++)
                {
                    var xRow = x.Slice(((oh * g.Stride) + rowOffset) * g.W, g.W);
                    var yRow = y.Slice(oh * g.OutW, g.OutW);
                    if (g.Stride == 1)
                    {
                        var target = yRow[owLo..owHi];
                        TensorPrimitives.MultiplyAdd(xRow.Slice(owLo + colOffset, owHi - owLo), wv, target, target);
                        continue;
                    }

                    for (var ow = owLo; ow < owHi; ow++)
                    {
                        yRow[ow] += wv * xRow[(ow * g.Stride) + colOffset];
                    }
                }
            }
        }
    }

    /// <summary>dx += w[tap] times dy shifted back from each tap: the transpose of <see cref="ForwardPlane"/>.</summary>
    private static void BackwardDataPlane(Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx)
    {
        for (var kh = 0; kh < g.KH; kh++)
        {
            var rowOffset = (kh * g.Dilation) - g.Padding;
            var (ohLo, ohHi) = WindowRange.Valid(g.OutH, g.H, g.Stride, rowOffset);
            for (var kw = 0; kw < g.KW; kw++)
            {
                var colOffset = (kw * g.Dilation) - g.Padding;
                var (owLo, owHi) = WindowRange.Valid(g.OutW, g.W, g.Stride, colOffset);
                if (owLo == owHi)
                {
                    continue;
                }

                var wv = w[(kh * g.KW) + kw];
                for (var oh = ohLo; oh < ohHi; oh++)
                {
                    var dyRow = dy.Slice(oh * g.OutW, g.OutW);
                    var dxRow = dx.Slice(((oh * g.Stride) + rowOffset) * g.W, g.W);
                    if (g.Stride == 1)
                    {
                        var target = dxRow.Slice(owLo + colOffset, owHi - owLo);
                        TensorPrimitives.MultiplyAdd(dyRow[owLo..owHi], wv, target, target);
                        continue;
                    }

                    for (var ow = owLo; ow < owHi; ow++)
                    {
                        dxRow[(ow * g.Stride) + colOffset] += wv * dyRow[ow];
                    }
                }
            }
        }
    }

    /// <summary>sum over output positions of dy times the input under tap (kh, kw): one image's share of dw[tap].</summary>
    private static float TapProduct(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int kh, int kw)
    {
        var rowOffset = (kh * g.Dilation) - g.Padding;
        var colOffset = (kw * g.Dilation) - g.Padding;
        var (ohLo, ohHi) = WindowRange.Valid(g.OutH, g.H, g.Stride, rowOffset);
        var (owLo, owHi) = WindowRange.Valid(g.OutW, g.W, g.Stride, colOffset);
        var sum = 0f;
        if (owLo == owHi)
        {
            return sum;
        }

        for (var oh = ohLo; oh < ohHi; oh++)
        {
            var xRow = x.Slice(((oh * g.Stride) + rowOffset) * g.W, g.W);
            var dyRow = dy.Slice(oh * g.OutW, g.OutW);
            if (g.Stride == 1)
            {
                sum += TensorPrimitives.Dot(dyRow[owLo..owHi], xRow.Slice(owLo + colOffset, owHi - owLo));
                continue;
            }

            for (var ow = owLo; ow < owHi; ow++)
            {
                sum += dyRow[ow] * xRow[(ow * g.Stride) + colOffset];
            }
        }

        return sum;
    }
}

using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// Max pooling over NCHW planes, recording for every output the index (within its input plane) of the
/// maximum, which the backward pass routes the gradient to. Ties go to the first maximum in row-major
/// order and NaN wins (as PyTorch). 3 x 3 windows at stride 1 on rows of whole 512-bit vectors, or of 4 to 31
/// floats, stream down the plane in registers (<see cref="MaxPoolingThreeByThree"/>); other strides 1 and 2 on rows of
/// at least 8 outputs run in two vector passes, row maxima then column maxima
/// (<see cref="MaxPoolingSeparable"/>); elsewhere stride 1 runs
/// eight outputs at a time over a -infinity-padded copy of the plane, visiting taps in the same
/// row-major order with the same comparison as the scalar path. Values and indices are identical on
/// every path. Planes are independent, run in blocks of whole planes, so results never depend on threads.
/// </summary>
public static unsafe class MaxPooling
{
    private const int Width = 8;

    /// <summary>y[p, oh, ow] = max of x[p] under the window; <paramref name="argmax"/> (OutputLength, or empty to skip) gets h W + w of that maximum.</summary>
    public static void Forward(Pool2dGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> argmax)
    {
        g.Validate("MaxPool2d", input.Length, output.Length);
        if (!argmax.IsEmpty && argmax.Length != g.OutputLength)
        {
            throw new ArgumentException($"MaxPool2d: argmax length {argmax.Length} does not match {g} (expected {g.OutputLength} or 0).");
        }

        fixed (float* px = input, py = output)
        fixed (int* pi = argmax)
        {
            ElementwiseBlocks.ForRows(g.Planes, g.InPlane, (G: g, X: (nint)px, Y: (nint)py, Index: argmax.IsEmpty ? 0 : (nint)pi), static (s, first, count) =>
            {
                var x = (float*)s.X + ((long)first * s.G.InPlane);
                var y = (float*)s.Y + ((long)first * s.G.OutPlane);
                var index = s.Index == 0 ? null : (int*)s.Index + ((long)first * s.G.OutPlane);
                if (MaxPoolingThreeByThree.Covers(s.G))
                {
                    MaxPoolingThreeByThree.Planes(s.G, x, y, index, count);
                    return;
                }

                for (var p = 0; p < count; p++)
                {
                    var planeX = x + ((long)p * s.G.InPlane);
                    var planeY = y + ((long)p * s.G.OutPlane);
                    var planeIndex = index == null ? null : index + ((long)p * s.G.OutPlane);
                    if (MaxPoolingSeparable.Covers(s.G))
                    {
                        MaxPoolingSeparable.Plane(s.G, planeX, planeY, planeIndex);
                    }
                    else if (s.G.Stride == 1 && s.G.OutW >= Width)
                    {
                        StrideOne(s.G, planeX, planeY, planeIndex);
                    }
                    else
                    {
                        ForwardScalar(s.G, planeX, planeY, planeIndex, 0, s.G.OutW);
                    }
                }
            });
        }
    }

    /// <summary>inputGrad[p, argmax[p, o]] += outputGrad[p, o], over o in order (3 x 3 at stride 1 as a gather with the same additions: <see cref="MaxPoolingGatherBackward"/>).</summary>
    public static void Backward(Pool2dGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<int> argmax, Span<float> inputGrad)
    {
        g.Validate("MaxPool2d", inputGrad.Length, outputGrad.Length);
        if (argmax.Length != g.OutputLength)
        {
            throw new ArgumentException($"MaxPool2d: argmax length {argmax.Length} does not match {g} (expected {g.OutputLength}).");
        }

        fixed (float* pdy = outputGrad, pdx = inputGrad)
        fixed (int* pi = argmax)
        {
            ElementwiseBlocks.ForEach(g.Planes, g.InPlane, (G: g, Dy: (nint)pdy, Index: (nint)pi, Dx: (nint)pdx, Gather: MaxPoolingGatherBackward.Applies(g)), static (s, p) =>
            {
                var grads = (float*)s.Dy + ((long)p * s.G.OutPlane);
                var indices = (int*)s.Index + ((long)p * s.G.OutPlane);
                var target = (float*)s.Dx + ((long)p * s.G.InPlane);
                if (s.Gather)
                {
                    MaxPoolingGatherBackward.Plane(s.G, grads, indices, target);
                    return;
                }

                for (var o = 0; o < s.G.OutPlane; o++)
                {
                    target[indices[o]] += grads[o];
                }
            });
        }
    }

    /// <summary>
    /// Stride 1, rows of at least 8 outputs: eight outputs at a time over a copy of the plane padded with
    /// -infinity (never a strict winner, and the index starts at the window's first real element, as in
    /// the scalar path); the last vector of a row overlaps the one before it.
    /// </summary>
    private static void StrideOne(Pool2dGeometry g, float* x, float* y, int* argmax)
    {
        var (k, pad, outW) = (g.Kernel, g.Padding, g.OutW);
        var paddedW = g.W + (2 * pad);
        var padded = KernelScratch.Get(KernelScratch.Staging, (long)(g.H + (2 * pad)) * paddedW);
        VectorLoops.PadPlane(x, g.H, g.W, pad, pad, float.NegativeInfinity, padded);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var firstRow = Math.Max(oh - pad, 0);
            for (var ow = 0; ; ow += Width)
            {
                ow = Math.Min(ow, outW - Width);
                var best = Vector256.Create(float.NegativeInfinity);
                var index = Vector256.Create(firstRow * g.W) + Vector256.Max(lanes + Vector256.Create(ow - pad), Vector256<int>.Zero);
                for (var kh = 0; kh < k; kh++)
                {
                    var row = padded + ((long)(oh + kh) * paddedW) + ow;
                    var rowIndex = ((oh - pad + kh) * g.W) + (ow - pad);
                    for (var kw = 0; kw < k; kw++)
                    {
                        var v = Vector256.Load(row + kw);
                        var wins = Vector256.GreaterThan(v, best) | ~Vector256.Equals(v, v);
                        best = Vector256.ConditionalSelect(wins, v, best);
                        index = Vector256.ConditionalSelect(wins.AsInt32(), lanes + Vector256.Create(rowIndex + kw), index);
                    }
                }

                best.Store(y + ((long)oh * outW) + ow);
                if (argmax != null)
                {
                    index.Store(argmax + ((long)oh * outW) + ow);
                }

                if (ow == outW - Width)
                {
                    break;
                }
            }
        }
    }

    /// <summary>The window-by-window path for output columns [fromColumn, toColumn) of every row.</summary>
    private static void ForwardScalar(Pool2dGeometry g, float* x, float* y, int* argmax, int fromColumn, int toColumn)
    {
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (h0, h1) = g.Rows(oh);
            for (var ow = fromColumn; ow < toColumn; ow++)
            {
                var (w0, w1) = g.Columns(ow);
                var bestIndex = (h0 * g.W) + w0;
                var best = float.NegativeInfinity;
                for (var h = h0; h < h1; h++)
                {
                    for (var w = w0; w < w1; w++)
                    {
                        var v = x[(h * g.W) + w];
                        if (v > best || float.IsNaN(v))
                        {
                            best = v;
                            bestIndex = (h * g.W) + w;
                        }
                    }
                }

                var o = (oh * g.OutW) + ow;
                y[o] = x[bestIndex];
                if (argmax != null)
                {
                    argmax[o] = bestIndex;
                }
            }
        }
    }
}

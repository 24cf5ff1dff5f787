namespace NasSharp.Kernels;

/// <summary>
/// Average pooling over NCHW planes. With countIncludePad the divisor is always Kernel^2 (padding counts
/// as zeros); without it, only the input elements under the window count. Planes are independent blocks,
/// so results never depend on the thread count. Backward accumulates.
/// </summary>
public static unsafe class AveragePooling
{
    /// <summary>y[p, oh, ow] = (sum of x[p] under the window) / divisor.</summary>
    public static void Forward(Pool2dGeometry g, bool countIncludePad, ReadOnlySpan<float> input, Span<float> output)
    {
        g.Validate("AvgPool2d", input.Length, output.Length);
        fixed (float* px = input, py = output)
        {
            var (x, y) = ((nint)px, (nint)py);
            KernelParallel.For(g.Planes, p => ForwardPlane(g, countIncludePad, At(x, p * g.InPlane, g.InPlane), At(y, p * g.OutPlane, g.OutPlane)));
        }
    }

    /// <summary>inputGrad[p, under window] += outputGrad[p, oh, ow] / divisor.</summary>
    public static void Backward(Pool2dGeometry g, bool countIncludePad, ReadOnlySpan<float> outputGrad, Span<float> inputGrad)
    {
        g.Validate("AvgPool2d", inputGrad.Length, outputGrad.Length);
        fixed (float* pdy = outputGrad, pdx = inputGrad)
        {
            var (dy, dx) = ((nint)pdy, (nint)pdx);
            KernelParallel.For(g.Planes, p => BackwardPlane(g, countIncludePad, At(dy, p * g.OutPlane, g.OutPlane), At(dx, p * g.InPlane, g.InPlane)));
        }
    }

    private static Span<float> At(nint pointer, int offset, int length) => new((float*)pointer + offset, length);

    private static void ForwardPlane(Pool2dGeometry g, bool countIncludePad, ReadOnlySpan<float> x, Span<float> y)
    {
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (h0, h1) = g.Rows(oh);
            for (var ow = 0; ow < g.OutW; ow++)
            {
                var (w0, w1) = g.Columns(ow);
                var sum = 0f;
                for (var h = h0; h < h1; h++)
                {
                    for (var w = w0; w < w1; w++)
                    {
                        sum += x[(h * g.W) + w];
                    }
                }

                y[(oh * g.OutW) + ow] = sum / (countIncludePad ? g.Kernel * g.Kernel : (h1 - h0) * (w1 - w0));
            }
        }
    }

    private static void BackwardPlane(Pool2dGeometry g, bool countIncludePad, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (h0, h1) = g.Rows(oh);
            for (var ow = 0; ow < g.OutW; ow++)
            {
                var (w0, w1) = g.Columns(ow);
                var share = dy[(oh * g.OutW) + ow] / (countIncludePad ? g.Kernel * g.Kernel : (h1 - h0) * (w1 - w0));
                for (var h = h0; h < h1; h++)
                {
                    for (var w = w0; w < w1; w++)
                    {
                        dx[(h * g.W) + w] += share;
                    }
                }
            }
        }
    }
}

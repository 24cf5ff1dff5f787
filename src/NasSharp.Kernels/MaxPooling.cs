namespace NasSharp.Kernels;

/// <summary>
/// Max pooling over NCHW planes, recording for every output the index (within its input plane) of the
/// maximum, which the backward pass routes the gradient to. Ties go to the first maximum in row-major
/// order and NaN wins (as PyTorch). Planes are independent blocks, so results never depend on threads.
/// </summary>
public static unsafe class MaxPooling
{
    /// <summary>y[p, oh, ow] = max of x[p] under the window; <paramref name="argmax"/> (OutputLength, or empty to skip) gets h W + w of that maximum.</summary>
    public static void Forward(Pool2dGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> argmax)
    {
        g.Validate("MaxPool2d", input.Length, output.Length);
        if (!argmax.IsEmpty && argmax.Length != g.OutputLength)
        {
            throw new ArgumentException($"MaxPool2d: argmax length {argmax.Length} does not match {g} (expected {g.OutputLength} or 0).");
        }

        var record = !argmax.IsEmpty;
        fixed (float* px = input, py = output)
        fixed (int* pi = argmax)
        {
            var (x, y, idx) = ((nint)px, (nint)py, (nint)pi);
            KernelParallel.For(g.Planes, p =>
            {
                var indices = record ? new Span<int>((int*)idx + (p * g.OutPlane), g.OutPlane) : [];
                ForwardPlane(g, new ReadOnlySpan<float>((float*)x + (p * g.InPlane), g.InPlane), new Span<float>((float*)y + (p * g.OutPlane), g.OutPlane), indices);
            });
        }
    }

    /// <summary>inputGrad[p, argmax[p, o]] += outputGrad[p, o].</summary>
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
            var (dy, dx, idx) = ((nint)pdy, (nint)pdx, (nint)pi);
            KernelParallel.For(g.Planes, p =>
            {
                var grads = new ReadOnlySpan<float>((float*)dy + (p * g.OutPlane), g.OutPlane);
                var indices = new ReadOnlySpan<int>((int*)idx + (p * g.OutPlane), g.OutPlane);
                var target = new Span<float>((float*)dx + (p * g.InPlane), g.InPlane);
                for (var o = 0; o < grads.Length; o++)
                {
                    target[indices[o]] += grads[o];
                }
            });
        }
    }

    private static void ForwardPlane(Pool2dGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<int> argmax)
    {
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (h0, h1) = g.Rows(oh);
            for (var ow = 0; ow < g.OutW; ow++)
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
                if (!argmax.IsEmpty)
                {
                    argmax[o] = bestIndex;
                }
            }
        }
    }
}

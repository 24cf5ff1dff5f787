namespace NasSharp.Kernels.Reference;

/// <summary>Window-by-window average pooling from the definition: the test oracle for <see cref="AveragePooling"/>. Backward accumulates.</summary>
public static class AveragePoolingReference
{
    public static void Forward(Pool2dGeometry g, bool countIncludePad, ReadOnlySpan<float> input, Span<float> output)
    {
        g.Validate("AvgPool2d", input.Length, output.Length);
        for (var o = 0; o < output.Length; o++)
        {
            var sum = 0.0;
            var count = 0;
            foreach (var i in Window(g, o))
            {
                sum += input[i];
                count++;
            }

            output[o] = (float)(sum / (countIncludePad ? g.Kernel * g.Kernel : count));
        }
    }

    public static void Backward(Pool2dGeometry g, bool countIncludePad, ReadOnlySpan<float> outputGrad, Span<float> inputGrad)
    {
        g.Validate("AvgPool2d", inputGrad.Length, outputGrad.Length);
        for (var o = 0; o < outputGrad.Length; o++)
        {
            var window = Window(g, o).ToList();
            var divisor = countIncludePad ? g.Kernel * g.Kernel : window.Count;
            foreach (var i in window)
            {
                inputGrad[i] += outputGrad[o] / divisor;
            }
        }
    }

    /// <summary>Input indices inside the window of output element <paramref name="o"/>, row-major (padding skipped).</summary>
    internal static IEnumerable<int> Window(Pool2dGeometry g, int o)
    {
        var plane = o / g.OutPlane;
        var oh = o % g.OutPlane / g.OutW;
        var ow = o % g.OutW;
        for (var kh = 0; kh < g.Kernel; kh++)
        {
            for (var kw = 0; kw < g.Kernel; kw++)
            {
                var h = (oh * g.Stride) + kh - g.Padding;
                var w = (ow * g.Stride) + kw - g.Padding;
                if (h >= 0 && h < g.H && w >= 0 && w < g.W)
                {
                    yield return (plane * g.InPlane) + (h * g.W) + w;
                }
            }
        }
    }
}

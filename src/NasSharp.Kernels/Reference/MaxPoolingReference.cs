namespace NasSharp.Kernels.Reference;

/// <summary>Window-by-window max pooling from the definition: the test oracle for <see cref="MaxPooling"/>. Backward accumulates.</summary>
public static class MaxPoolingReference
{
    /// <summary>Like <see cref="MaxPooling.Forward"/>; argmax holds indices within the input plane.</summary>
    public static void Forward(Pool2dGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> argmax)
    {
        g.Validate("MaxPool2d", input.Length, output.Length);
        for (var o = 0; o < output.Length; o++)
        {
            var best = -1;
            foreach (var i in AveragePoolingReference.Window(g, o))
            {
                if (best < 0 || input[i] > input[best] || float.IsNaN(input[i]))
                {
                    best = i;
                }
            }

            output[o] = input[best];
            argmax[o] = best % g.InPlane;
        }
    }

    /// <summary>Routes each output gradient to the maximum of its window (recomputed from <paramref name="input"/>).</summary>
    public static void Backward(Pool2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> inputGrad)
    {
        var output = new float[g.OutputLength];
        var argmax = new int[g.OutputLength];
        Forward(g, input, output, argmax);
        for (var o = 0; o < outputGrad.Length; o++)
        {
            inputGrad[(o / g.OutPlane * g.InPlane) + argmax[o]] += outputGrad[o];
        }
    }
}

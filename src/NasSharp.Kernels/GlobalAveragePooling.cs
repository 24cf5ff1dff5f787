using System.Numerics.Tensors;

namespace NasSharp.Kernels;

/// <summary>
/// Global average pooling: the mean of each (image, channel) plane, [N, C, H, W] -> [N, C]. Planes are
/// independent, so results never depend on the thread count. Backward accumulates.
/// </summary>
public static class GlobalAveragePooling
{
    /// <summary>output[p] = mean of input[p * planeSize .. (p + 1) * planeSize).</summary>
    public static void Forward(int planes, int planeSize, ReadOnlySpan<float> input, Span<float> output)
    {
        Validate(planes, planeSize, input.Length, output.Length);
        for (var p = 0; p < planes; p++)
        {
            output[p] = TensorPrimitives.Sum(input.Slice(p * planeSize, planeSize)) / planeSize;
        }
    }

    /// <summary>inputGrad[p, i] += outputGrad[p] / planeSize (= without <paramref name="accumulate"/>).</summary>
    public static void Backward(int planes, int planeSize, ReadOnlySpan<float> outputGrad, Span<float> inputGrad, bool accumulate = true)
    {
        Validate(planes, planeSize, inputGrad.Length, outputGrad.Length);
        for (var p = 0; p < planes; p++)
        {
            var plane = inputGrad.Slice(p * planeSize, planeSize);
            if (accumulate)
            {
                TensorPrimitives.Add(plane, outputGrad[p] / planeSize, plane);
            }
            else
            {
                plane.Fill(outputGrad[p] / planeSize);
            }
        }
    }

    private static void Validate(int planes, int planeSize, int inputLength, int outputLength)
    {
        if (planes <= 0 || planeSize <= 0 || inputLength != (long)planes * planeSize || outputLength != planes)
        {
            throw new ArgumentException($"GlobalAvgPool2d: buffer lengths input {inputLength}, output {outputLength} do not match {planes} planes of {planeSize} elements.");
        }
    }
}

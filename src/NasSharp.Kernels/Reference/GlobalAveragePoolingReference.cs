namespace NasSharp.Kernels.Reference;

/// <summary>Plane means in double precision: the test oracle for <see cref="GlobalAveragePooling"/>. Backward accumulates.</summary>
public static class GlobalAveragePoolingReference
{
    public static void Forward(int planes, int planeSize, ReadOnlySpan<float> input, Span<float> output)
    {
        for (var p = 0; p < planes; p++)
        {
            var sum = 0.0;
            for (var i = 0; i < planeSize; i++)
            {
                sum += input[(p * planeSize) + i];
            }

            output[p] = (float)(sum / planeSize);
        }
    }

    public static void Backward(int planes, int planeSize, ReadOnlySpan<float> outputGrad, Span<float> inputGrad)
    {
        for (var p = 0; p < planes; p++)
        {
            for (var i = 0; i < planeSize; i++)
            {
                inputGrad[(p * planeSize) + i] += outputGrad[p] / planeSize;
            }
        }
    }
}

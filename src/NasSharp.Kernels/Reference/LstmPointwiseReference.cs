namespace NasSharp.Kernels.Reference;

/// <summary>
/// Scalar, double-precision LSTM step (the test oracle of <see cref="LstmPointwise"/>), written from the cell equations
/// c' = f c + i g, h' = o tanh(c') and their derivatives taken term by term, not from the fused kernel's grouping.
/// </summary>
public static class LstmPointwiseReference
{
    public static void Forward(LstmGeometry geometry, Span<float> gates, ReadOnlySpan<float> cell, Span<float> nextCell, Span<float> nextHidden)
    {
        var h = geometry.Hidden;
        for (var b = 0; b < geometry.Batch; b++)
        {
            for (var j = 0; j < h; j++)
            {
                var row = b * 4 * h;
                double i = Sigmoid(gates[row + j]), f = Sigmoid(gates[row + h + j]), g = Math.Tanh(gates[row + (2 * h) + j]), o = Sigmoid(gates[row + (3 * h) + j]);
                (gates[row + j], gates[row + h + j], gates[row + (2 * h) + j], gates[row + (3 * h) + j]) = ((float)i, (float)f, (float)g, (float)o);
                var c = (f * cell[(b * h) + j]) + (i * g);
                nextCell[(b * h) + j] = (float)c;
                nextHidden[(b * h) + j] = (float)(o * Math.Tanh(c));
            }
        }
    }

    /// <summary>From the activations <paramref name="gates"/> of <see cref="Forward"/>: pre-activation gradients, and dL/dc over <paramref name="cellGrad"/> (dL/dc' on entry).</summary>
    public static void Backward(LstmGeometry geometry, ReadOnlySpan<float> gates, ReadOnlySpan<float> cell, ReadOnlySpan<float> nextCell, ReadOnlySpan<float> hiddenGrad, Span<float> cellGrad, Span<float> gateGrads)
    {
        var h = geometry.Hidden;
        for (var b = 0; b < geometry.Batch; b++)
        {
            for (var j = 0; j < h; j++)
            {
                var row = b * 4 * h;
                double i = gates[row + j], f = gates[row + h + j], g = gates[row + (2 * h) + j], o = gates[row + (3 * h) + j];
                var tanhC = Math.Tanh(nextCell[(b * h) + j]);
                var dh = (double)hiddenGrad[(b * h) + j];

                // dL/dc' collects the carried cell gradient and the path through h' = o tanh(c').
                var dcNext = cellGrad[(b * h) + j] + (dh * o * (1 - (tanhC * tanhC)));
                gateGrads[row + j] = (float)(dcNext * g * i * (1 - i));
                gateGrads[row + h + j] = (float)(dcNext * cell[(b * h) + j] * f * (1 - f));
                gateGrads[row + (2 * h) + j] = (float)(dcNext * i * (1 - (g * g)));
                gateGrads[row + (3 * h) + j] = (float)(dh * tanhC * o * (1 - o));
                cellGrad[(b * h) + j] = (float)(dcNext * f);
            }
        }
    }

    private static double Sigmoid(float x) => 1.0 / (1.0 + Math.Exp(-x));
}

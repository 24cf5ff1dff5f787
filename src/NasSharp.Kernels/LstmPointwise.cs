using System.Numerics.Tensors;

namespace NasSharp.Kernels;

/// <summary>
/// The elementwise half of one LSTM time step (Hochreiter &amp; Schmidhuber 1997; PyTorch's gate order i, f, g, o), fused
/// into one pass per row as cuDNN's and PyTorch's fused LSTM cells do: forward from the gate pre-activations
/// [B, 4H] to the gate activations, c' = f * c + i * g and h' = o * tanh(c'); backward from dL/dh' and dL/dc' to the
/// pre-activation gradients and dL/dc. The matrix products of the step are the caller's (<see cref="Gemm"/>). Rows are
/// independent and each is computed the same way whatever the thread count, so results are bitwise reproducible.
/// </summary>
public static class LstmPointwise
{
    /// <summary>
    /// Effectively computes, per row b and unit j: i, f, o = sigmoid(gates[b, k H + j]) for k = 0, 1, 3 and g = tanh(gates[b,
    /// 2H + j]) written back over <paramref name="gates"/>; c'[b, j] = f c[b, j] + i g; h'[b, j] = o tanh(c'[b, j]).
    /// </summary>
    public static void Forward(LstmGeometry geometry, Span<float> gates, ReadOnlySpan<float> cell, Span<float> nextCell, Span<float> nextHidden)
    {
        geometry.Validate(gates.Length, cell.Length, nextCell.Length, nextHidden.Length);
        var h = geometry.Hidden;
        for (var b = 0; b < geometry.Batch; b++)
        {
            var row = gates.Slice(b * 4 * h, 4 * h);
            var i = row[..h];
            var f = row.Slice(h, h);
            var g = row.Slice(2 * h, h);
            var o = row.Slice(3 * h, h);
            TensorPrimitives.Sigmoid(row[..(2 * h)], row[..(2 * h)]);
            TensorPrimitives.Tanh(g, g);
            TensorPrimitives.Sigmoid(o, o);
            var c = nextCell.Slice(b * h, h);
            var hidden = nextHidden.Slice(b * h, h);
            TensorPrimitives.Multiply(f, cell.Slice(b * h, h), c);
            TensorPrimitives.MultiplyAdd(i, g, c, c);
            TensorPrimitives.Tanh(c, hidden);
            TensorPrimitives.Multiply(hidden, o, hidden);
        }
    }

    /// <summary>
    /// Effectively computes, per row b and unit j, from the activations i, f, g, o of <see cref="Forward"/>, the cell c it
    /// started from and the c' it produced: with s = dc + dh o (1 - tanh(c')^2), the pre-activation gradients
    /// d_i = s g i (1 - i), d_f = s c f (1 - f), d_g = s i (1 - g^2), d_o = dh tanh(c') o (1 - o) written to
    /// <paramref name="gateGrads"/> [B, 4H], and dL/dc = s f written over <paramref name="cellGrad"/> (which held dL/dc').
    /// <paramref name="scratch"/> holds at least 2H floats.
    /// </summary>
    public static void Backward(LstmGeometry geometry, ReadOnlySpan<float> gates, ReadOnlySpan<float> cell, ReadOnlySpan<float> nextCell, ReadOnlySpan<float> hiddenGrad, Span<float> cellGrad, Span<float> gateGrads, Span<float> scratch)
    {
        geometry.Validate(gates.Length, cell.Length, nextCell.Length, hiddenGrad.Length);
        geometry.Validate(gateGrads.Length, cellGrad.Length, cellGrad.Length, cellGrad.Length);
        var h = geometry.Hidden;
        var tanhC = scratch[..h];
        var t = scratch.Slice(h, h);
        for (var b = 0; b < geometry.Batch; b++)
        {
            var row = gates.Slice(b * 4 * h, 4 * h);
            var i = row[..h];
            var f = row.Slice(h, h);
            var g = row.Slice(2 * h, h);
            var o = row.Slice(3 * h, h);
            var grads = gateGrads.Slice(b * 4 * h, 4 * h);
            var di = grads[..h];
            var df = grads.Slice(h, h);
            var dg = grads.Slice(2 * h, h);
            var dO = grads.Slice(3 * h, h);
            var dh = hiddenGrad.Slice(b * h, h);
            var dc = cellGrad.Slice(b * h, h);
            TensorPrimitives.Tanh(nextCell.Slice(b * h, h), tanhC);

            // d_o = dh tanh(c') o (1 - o)
            TensorPrimitives.Multiply(dh, tanhC, dO);
            SigmoidDerivativeTimes(o, dO, t);

            // s = dc + dh o (1 - tanh(c')^2), kept in dc
            TensorPrimitives.Multiply(tanhC, tanhC, t);
            TensorPrimitives.Subtract(1f, t, t);
            TensorPrimitives.Multiply(t, o, t);
            TensorPrimitives.MultiplyAdd(t, dh, dc, dc);

            // d_i = s g i (1 - i), d_f = s c f (1 - f), d_g = s i (1 - g^2)
            TensorPrimitives.Multiply(dc, g, di);
            SigmoidDerivativeTimes(i, di, t);
            TensorPrimitives.Multiply(dc, cell.Slice(b * h, h), df);
            SigmoidDerivativeTimes(f, df, t);
            TensorPrimitives.Multiply(g, g, t);
            TensorPrimitives.Subtract(1f, t, t);
            TensorPrimitives.Multiply(t, i, t);
            TensorPrimitives.Multiply(t, dc, dg);

            // dL/dc = s f
            TensorPrimitives.Multiply(dc, f, dc);
        }
    }

    // gradient *= y (1 - y), with y a sigmoid output; t is scratch of the same length.
    private static void SigmoidDerivativeTimes(ReadOnlySpan<float> y, Span<float> gradient, Span<float> t)
    {
        TensorPrimitives.Subtract(1f, y, t);
        TensorPrimitives.Multiply(t, y, t);
        TensorPrimitives.Multiply(gradient, t, gradient);
    }
}

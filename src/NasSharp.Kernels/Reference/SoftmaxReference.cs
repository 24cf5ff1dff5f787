namespace NasSharp.Kernels.Reference;

/// <summary>
/// Scalar, double-accumulating loops over [Outer, Length, Inner], one row (o, k) at a time: the test
/// oracle and benchmark baseline for <see cref="Softmax"/>. Same contracts (backward passes accumulate into dx).
/// </summary>
public static class SoftmaxReference
{
    public static void Forward(SoftmaxLayout layout, ReadOnlySpan<float> x, Span<float> y)
    {
        layout.Validate(nameof(SoftmaxReference), x.Length, y.Length);
        for (var row = 0; row < layout.Outer * layout.Inner; row++)
        {
            var (max, sum) = MaxAndShiftedSum(layout, x, row);
            for (var j = 0; j < layout.Length; j++)
            {
                var i = Index(layout, row, j);
                y[i] = (float)(Math.Exp(x[i] - max) / sum);
            }
        }
    }

    public static void LogForward(SoftmaxLayout layout, ReadOnlySpan<float> x, Span<float> y)
    {
        layout.Validate(nameof(SoftmaxReference), x.Length, y.Length);
        for (var row = 0; row < layout.Outer * layout.Inner; row++)
        {
            var (max, sum) = MaxAndShiftedSum(layout, x, row);
            for (var j = 0; j < layout.Length; j++)
            {
                var i = Index(layout, row, j);
                y[i] = (float)(x[i] - max - Math.Log(sum));
            }
        }
    }

    public static void Backward(SoftmaxLayout layout, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        layout.Validate(nameof(SoftmaxReference), y.Length, dy.Length);
        for (var row = 0; row < layout.Outer * layout.Inner; row++)
        {
            var dot = 0.0;
            for (var j = 0; j < layout.Length; j++)
            {
                var i = Index(layout, row, j);
                dot += (double)dy[i] * y[i];
            }

            for (var j = 0; j < layout.Length; j++)
            {
                var i = Index(layout, row, j);
                dx[i] += (float)(y[i] * (dy[i] - dot));
            }
        }
    }

    public static void LogBackward(SoftmaxLayout layout, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        layout.Validate(nameof(SoftmaxReference), y.Length, dy.Length);
        for (var row = 0; row < layout.Outer * layout.Inner; row++)
        {
            var sum = 0.0;
            for (var j = 0; j < layout.Length; j++)
            {
                sum += dy[Index(layout, row, j)];
            }

            for (var j = 0; j < layout.Length; j++)
            {
                var i = Index(layout, row, j);
                dx[i] += (float)(dy[i] - (Math.Exp(y[i]) * sum));
            }
        }
    }

    /// <summary>Flat index of element j of row <paramref name="row"/> = o * Inner + k.</summary>
    private static int Index(SoftmaxLayout layout, int row, int j)
    {
        var (o, k) = Math.DivRem(row, layout.Inner);
        return (((o * layout.Length) + j) * layout.Inner) + k;
    }

    private static (double Max, double Sum) MaxAndShiftedSum(SoftmaxLayout layout, ReadOnlySpan<float> x, int row)
    {
        var max = double.NegativeInfinity;
        for (var j = 0; j < layout.Length; j++)
        {
            max = Math.Max(max, x[Index(layout, row, j)]);
        }

        var sum = 0.0;
        for (var j = 0; j < layout.Length; j++)
        {
            sum += Math.Exp(x[Index(layout, row, j)] - max);
        }

        return (max, sum);
    }
}

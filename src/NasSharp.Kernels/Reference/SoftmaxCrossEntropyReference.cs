namespace NasSharp.Kernels.Reference;

/// <summary>
/// Scalar, double-precision softmax cross entropy (the test oracle of <see cref="SoftmaxCrossEntropy"/>), from the
/// definition: loss_i = -sum_c q[i, c] log softmax(x)[i, c] with q = (1 - s) onehot(t_i) + s / C, and its gradient
/// softmax(x) - q.
/// </summary>
public static class SoftmaxCrossEntropyReference
{
    /// <summary>Per-row losses and the gradient rows softmax - q (unscaled).</summary>
    public static (double[] Loss, double[] Gradient) Run(int rows, int classes, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, float smoothing)
    {
        var loss = new double[rows];
        var gradient = new double[rows * classes];
        for (var i = 0; i < rows; i++)
        {
            var x = logits.Slice(i * classes, classes);
            var max = double.NegativeInfinity;
            foreach (var v in x)
            {
                max = Math.Max(max, v);
            }

            var sum = 0.0;
            foreach (var v in x)
            {
                sum += Math.Exp(v - max);
            }

            for (var c = 0; c < classes; c++)
            {
                var logp = x[c] - max - Math.Log(sum);
                var q = ((c == targets[i] ? 1.0 : 0.0) * (1 - smoothing)) + (smoothing / (double)classes);
                loss[i] -= q * logp;
                gradient[(i * classes) + c] = Math.Exp(logp) - q;
            }
        }

        return (loss, gradient);
    }
}

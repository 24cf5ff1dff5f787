namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Mean cross-entropy of logits [N, C] against N integer class targets, optionally against the
    /// label-smoothed target q = (1 - s) * onehot(t) + s / C (Szegedy et al. 2016, "Rethinking the
    /// Inception Architecture", section 7; PyTorch's convention). Effectively computes
    /// mean_i( -sum_c q[i, c] * log_softmax(logits)[i, c] ); d/dlogits = (softmax - q) / N.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, int[] targets, float labelSmoothing = 0f)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ValidateCrossEntropy(logits.Shape, targets, labelSmoothing);
        var (n, c) = (logits.Shape[0], logits.Shape[1]);

        // Per row: the max shift, log(sum exp(x - shift)) (kept for backward) and the row's loss.
        var rowValues = Tensor.Uninitialized(new TensorShape(3, n));
        var rows = rowValues.Data;
        Kernels.SoftmaxCrossEntropy.Forward(n, c, logits.Data, targets, labelSmoothing, rows[..n], rows.Slice(n, n), rows.Slice(2 * n, n));
        var total = 0.0;
        foreach (var rowLoss in rows.Slice(2 * n, n))
        {
            total += rowLoss;
        }

        var output = Tensor.Scalar((float)(total / n));
        if (!Tensor.NeedsGrad(logits))
        {
            rowValues.ReleaseStorage();
            return output;
        }

        return output.RecordedBy(new CrossEntropyBackward(logits, rowValues, (int[])targets.Clone(), labelSmoothing));
    }

    private static void ValidateCrossEntropy(TensorShape logits, int[] targets, float labelSmoothing)
    {
        if (logits.Rank != 2)
        {
            throw new ArgumentException($"CrossEntropy: logits must be [N, C], got shape {logits}.");
        }

        if (targets.Length != logits[0])
        {
            throw new ArgumentException($"CrossEntropy: {targets.Length} targets for N = {logits[0]} rows of logits {logits}.");
        }

        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
        {
            throw new ArgumentException($"CrossEntropy: label smoothing {labelSmoothing} is outside [0, 1].");
        }

        for (var i = 0; i < targets.Length; i++)
        {
            if ((uint)targets[i] >= (uint)logits[1])
            {
                throw new ArgumentException($"CrossEntropy: target {targets[i]} at position {i} is out of range for {logits[1]} classes (logits {logits}).");
            }
        }
    }

    private sealed class CrossEntropyBackward(Tensor logits, Tensor rowValues, int[] targets, float labelSmoothing) : BackwardNode(logits)
    {
        private Tensor? rowValues = rowValues;

        public override string OpName => nameof(CrossEntropy);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            if (!logits.RequiresGrad || rowValues == null)
            {
                return;
            }

            // softmax - q, recomputed from the logits and the saved row shifts; written straight into a fresh gradient.
            var (n, c) = (logits.Shape[0], logits.Shape[1]);
            var gradLogits = GradTargetOf(logits, out var accumulate);
            var rows = rowValues.Data;
            Kernels.SoftmaxCrossEntropy.Backward(n, c, logits.Data, targets, labelSmoothing, rows[..n], rows.Slice(n, n), outputGrad.Data[0] / n, gradLogits, accumulate);
        }

        protected override void ReleaseSaved()
        {
            rowValues?.ReleaseStorage();
            rowValues = null;
        }
    }
}

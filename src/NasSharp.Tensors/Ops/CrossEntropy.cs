using System.Numerics.Tensors;

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
        var logProbs = Tensor.Uninitialized(logits.Shape);
        Kernels.Softmax.LogForward(new Kernels.SoftmaxLayout(n, c, 1), logits.Data, logProbs.Data);

        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = logProbs.Data.Slice(i * c, c);
            total -= ((1.0 - labelSmoothing) * row[targets[i]]) + (labelSmoothing / (double)c * TensorPrimitives.Sum(row));
        }

        var output = Tensor.Scalar((float)(total / n));
        return Tensor.NeedsGrad(logits)
            ? output.RecordedBy(new CrossEntropyBackward(logits, logProbs, (int[])targets.Clone(), labelSmoothing))
            : output;
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

    private sealed class CrossEntropyBackward(Tensor logits, Tensor logProbs, int[] targets, float labelSmoothing) : BackwardNode(logits)
    {
        private Tensor? logProbs = logProbs;

        public override string OpName => nameof(CrossEntropy);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var gradLogits = GradOf(logits);
            if (gradLogits.IsEmpty || logProbs == null)
            {
                return;
            }

            var (n, c) = (logits.Shape[0], logits.Shape[1]);

            // softmax - q, row by row: exp(log_softmax) - s / C, and -(1 - s) more at the target.
            var diff = Tensor.Uninitialized(logits.Shape);
            TensorPrimitives.Exp(logProbs.Data, diff.Data);
            TensorPrimitives.Subtract(diff.Data, labelSmoothing / c, diff.Data);
            for (var i = 0; i < n; i++)
            {
                diff.Data[(i * c) + targets[i]] -= 1f - labelSmoothing;
            }

            TensorPrimitives.MultiplyAdd(diff.Data, outputGrad.Data[0] / n, gradLogits, gradLogits);
            diff.ReleaseStorage();
        }

        protected override void ReleaseSaved() => logProbs = null;
    }
}

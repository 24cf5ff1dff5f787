using System.Numerics.Tensors;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Mean absolute error over all elements of two same-shaped tensors: mean(|prediction - target|), a
    /// scalar. d/dprediction = sign(prediction - target) / n, taking the subgradient 0 where
    /// prediction == target (as PyTorch); the target gets the negation, only when it requires a gradient.
    /// </summary>
    public static Tensor L1Loss(Tensor prediction, Tensor target)
    {
        var diff = LossDifference(nameof(L1Loss), prediction, target);
        var output = Tensor.Scalar(TensorPrimitives.SumOfMagnitudes(diff.Data) / diff.Count);
        return Tensor.NeedsGrad(prediction, target) ? output.RecordedBy(new L1LossBackward(prediction, target, diff)) : output;
    }

    private sealed class L1LossBackward(Tensor prediction, Tensor target, Tensor diff) : BackwardNode(prediction, target)
    {
        private Tensor? diff = diff;

        public override string OpName => nameof(L1Loss);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            if (diff == null)
            {
                return;
            }

            var scale = outputGrad.Data[0] / diff.Count;
            AddSign(GradOf(prediction), diff.Data, scale);
            AddSign(GradOf(target), diff.Data, -scale);
        }

        protected override void ReleaseSaved() => diff = null;

        /// <summary>grad[i] += scale * sign(diff[i]), with sign(0) = 0.</summary>
        private static void AddSign(Span<float> grad, ReadOnlySpan<float> diff, float scale)
        {
            for (var i = 0; i < grad.Length; i++)
            {
                grad[i] += diff[i] > 0f ? scale : diff[i] < 0f ? -scale : 0f;
            }
        }
    }
}

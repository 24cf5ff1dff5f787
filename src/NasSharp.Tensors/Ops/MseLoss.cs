using System.Numerics.Tensors;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Mean squared error over all elements of two same-shaped tensors: mean((prediction - target)^2),
    /// a scalar. d/dprediction = 2 (prediction - target) / n; the target gets the negation, and only
    /// when it requires a gradient itself.
    /// </summary>
    public static Tensor MseLoss(Tensor prediction, Tensor target)
    {
        var diff = LossDifference(nameof(MseLoss), prediction, target);
        var output = Tensor.Scalar(TensorPrimitives.SumOfSquares(diff.Data) / diff.Count);
        return Tensor.NeedsGrad(prediction, target) ? output.RecordedBy(new MseLossBackward(prediction, target, diff)) : output;
    }

    /// <summary>prediction - target, after checking the shapes match exactly (a loss never broadcasts silently).</summary>
    private static Tensor LossDifference(string op, Tensor prediction, Tensor target)
    {
        if (prediction.Shape != target.Shape)
        {
            throw new ArgumentException($"{op}: prediction {prediction.Shape} and target {target.Shape} must have the same shape.");
        }

        var diff = Tensor.Uninitialized(prediction.Shape);
        TensorPrimitives.Subtract(prediction.Data, target.Data, diff.Data);
        return diff;
    }

    private sealed class MseLossBackward(Tensor prediction, Tensor target, Tensor diff) : BackwardNode(prediction, target)
    {
        private Tensor? diff = diff;

        public override string OpName => nameof(MseLoss);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            if (diff == null)
            {
                return;
            }

            var scale = 2f * outputGrad.Data[0] / diff.Count;
            var gradPrediction = GradOf(prediction);
            if (!gradPrediction.IsEmpty)
            {
                TensorPrimitives.MultiplyAdd(diff.Data, scale, gradPrediction, gradPrediction);
            }

            var gradTarget = GradOf(target);
            if (!gradTarget.IsEmpty)
            {
                TensorPrimitives.MultiplyAdd(diff.Data, -scale, gradTarget, gradTarget);
            }
        }

        protected override void ReleaseSaved() => diff = null;
    }
}

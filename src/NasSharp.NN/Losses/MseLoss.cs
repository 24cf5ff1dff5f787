using NasSharp.Tensors;

namespace NasSharp.NN.Losses;

/// <summary>Mean squared error, mean((prediction - target)^2) over all elements. Wraps <see cref="Ops.MseLoss"/>.</summary>
public sealed class MseLoss
{
    /// <summary>The scalar mean loss; <paramref name="target"/> gets a gradient only if it requires one.</summary>
    public Tensor Forward(Tensor prediction, Tensor target) => Ops.MseLoss(prediction, target);
}

using NasSharp.Tensors;

namespace NasSharp.NN.Losses;

/// <summary>Mean absolute error, mean(|prediction - target|) over all elements. Wraps <see cref="Ops.L1Loss"/>.</summary>
public sealed class L1Loss
{
    /// <summary>The scalar mean loss; <paramref name="target"/> gets a gradient only if it requires one.</summary>
    public Tensor Forward(Tensor prediction, Tensor target) => Ops.L1Loss(prediction, target);
}

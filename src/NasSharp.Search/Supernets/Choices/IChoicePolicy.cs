using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// How a choice supernet's layers combine their choices (the seam of <see cref="IEdgePolicy"/>, for spaces beyond
/// NAS-Bench-201): softmax-weighted (DARTS), Gumbel samples (GDAS, SNAS), DSNAS's credit-recording sample, uniform
/// single path (SPOS), or one fixed path. Layers never branch on the method.
/// </summary>
public interface IChoicePolicy
{
    /// <summary>Called once at the start of every supernet forward pass.</summary>
    void BeginForward();

    /// <summary>The layer's output, or null when nothing contributes.</summary>
    Tensor? Forward(IChoiceLayer layer, Tensor input);
}

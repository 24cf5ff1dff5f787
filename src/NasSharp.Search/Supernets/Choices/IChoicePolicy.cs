using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// How a supernet's choice layers combine their choices: the one seam through which every weight-sharing method plugs
/// into every space (NAS-Bench-201 edges, DARTS edges, chain layers, recurrent nodes). One given path, uniform single
/// path (SPOS), random path dropout (Bender), softmax-weighted (DARTS), hard or relaxed Gumbel samples (GDAS, SNAS),
/// DSNAS's credit-recording sample: each is one implementation; layers never branch on the method.
/// </summary>
public interface IChoicePolicy
{
    /// <summary>Called once at the start of every supernet forward pass with the choices the supernet's splits leave open.</summary>
    void BeginForward(ChoiceMask mask);

    /// <summary>The layer's output, or null when nothing contributes (every selected choice is <c>none</c>).</summary>
    Tensor? Forward(IChoiceLayer layer, Tensor input);
}

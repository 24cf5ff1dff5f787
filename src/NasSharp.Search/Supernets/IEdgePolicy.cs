using NasSharp.Tensors;

namespace NasSharp.Search.Supernets;

/// <summary>
/// How a compound edge of a supernet combines its candidate operations: the seam through which every
/// weight-sharing method plugs into the same cell code. A single given path (one-shot evaluation),
/// uniform sampling per step (SPOS), random path dropout (Bender et al. 2018), the softmax-weighted sum
/// (DARTS), a hard Gumbel sample with straight-through gradient (GDAS), DSNAS's credit-recording sample:
/// each is one implementation; cells never branch on the method.
/// </summary>
public interface IEdgePolicy
{
    /// <summary>Called once at the start of every supernet forward pass (e.g. to sample this step's path or compute softmax(alpha) once).</summary>
    void BeginForward(SupernetEdgeSpace space);

    /// <summary>
    /// The output of <paramref name="edge"/> for <paramref name="input"/>, or null when the edge contributes
    /// nothing (all selected candidates are <c>none</c>): the node sum then skips it.
    /// </summary>
    Tensor? Forward(MixedEdge edge, Tensor input);
}

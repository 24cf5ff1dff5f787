using NasSharp.Search.Spaces.Tib;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// An edge added to a two-input backbone search cell by morphism M4 (RECURRENT.md 3.2): a second mixed two-input op
/// into its <see cref="Target"/> node, reading an earlier state s_j (<see cref="Source"/>; null: s_0 = h_{t-1}) in
/// slot A and the target's own projection z in slot B (no projection of its own, as a DARTS node's edges share its
/// W_i). The target's state becomes s = A + gamma_k * (m_k - A) + gamma_e * m_e, with gamma_e ("edge_gamma.E" of the
/// cell) 0 at insertion, so the cell's function is unchanged exactly. As an <see cref="IChoiceLayer"/> it reads its
/// own architecture table (row 0), one the cell reserved for edges and no layer read before.
/// </summary>
public sealed class TibEdge : IChoiceLayer
{
    internal TibEdge(int group, TibNode? source, TibNode target, Tensor gamma)
    {
        Group = group;
        Source = source;
        Target = target;
        Gamma = gamma;
    }

    public int Group { get; }

    public int Position => 0;

    public int ChoiceCount => TibOperations.Count;

    /// <summary>The node whose state the edge reads; null for s_0 = h_{t-1}. A contracted source hands the edge its own A.</summary>
    public TibNode? Source { get; internal set; }

    /// <summary>The node the edge feeds.</summary>
    public TibNode Target { get; }

    /// <summary>The edge gate gamma_e [1], a trainable weight: 0 at insertion (function-preserving).</summary>
    public Tensor Gamma { get; }

    /// <summary>o_choice(A, z) with A = <paramref name="input"/> (the source state) and z the target node's projection this step.</summary>
    public Tensor? Run(int choice, Tensor input) => TibOperations.Apply((TibOperation)choice, input, Target.Projection);

    /// <summary>s + gamma_e * m: exactly s while gamma_e = 0 and m is finite.</summary>
    internal Tensor Join(Tensor state, Tensor mixed) => Ops.Add(state, Ops.Multiply(Gamma, mixed));
}

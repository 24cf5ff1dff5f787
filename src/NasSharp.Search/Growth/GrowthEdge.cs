namespace NasSharp.Search.Growth;

/// <summary>
/// The edge a growth event added (M4, RECURRENT.md 3.2): from state s_<see cref="From"/> into the node whose state is
/// s_<see cref="To"/>, in the chain as it was at that event (0: h_{t-1}; k: the k-th node's state), reading
/// architecture table <see cref="Group"/>. Replaying (From, To) on the cell as it was rebuilds the edge.
/// </summary>
public sealed record GrowthEdge(int From, int To, int Group)
{
    /// <summary>The genotype's way of writing the pair, e.g. <c>0-&gt;2</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{From}->{To}");
}

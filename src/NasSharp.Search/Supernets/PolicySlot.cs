namespace NasSharp.Search.Supernets;

/// <summary>The supernet's current policy, shared by reference with its edges (created before the supernet finishes constructing).</summary>
internal sealed class PolicySlot(IEdgePolicy policy)
{
    public IEdgePolicy Policy { get; set; } = policy;
}

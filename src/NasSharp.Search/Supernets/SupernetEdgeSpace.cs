using NasSharp.NN.Operations.Nb201;

namespace NasSharp.Search.Supernets;

/// <summary>
/// What a policy may choose from: for each edge position of a cell, the candidate operations that the
/// supernet's splits leave open. Shared by all cells (NAS-Bench-201 repeats one cell everywhere).
/// </summary>
public sealed class SupernetEdgeSpace
{
    private readonly Nb201Operation[][] allowed;

    public SupernetEdgeSpace(IReadOnlyList<IReadOnlyList<Nb201Operation>> allowedPerEdge)
    {
        ArgumentNullException.ThrowIfNull(allowedPerEdge);
        allowed = allowedPerEdge.Select((ops, e) => ops.Count > 0
            ? ops.Distinct().Order().ToArray()
            : throw new ArgumentException($"Supernet: edge {e} has no allowed operation.")).ToArray();
    }

    /// <summary>Number of edge positions in a cell.</summary>
    public int EdgeCount => allowed.Length;

    /// <summary>The candidate operations still open on <paramref name="edge"/>, in benchmark order.</summary>
    public IReadOnlyList<Nb201Operation> Allowed(int edge) => allowed[edge];

    /// <summary>True when <paramref name="op"/> is open on <paramref name="edge"/>.</summary>
    public bool IsAllowed(int edge, Nb201Operation op) => Array.IndexOf(allowed[edge], op) >= 0;
}

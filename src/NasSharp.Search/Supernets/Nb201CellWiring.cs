using NasSharp.Tensors;

namespace NasSharp.Search.Supernets;

/// <summary>
/// The NAS-Bench-201 cell's wiring, written once for supernets and stand-alone networks: 4 nodes, node 0
/// the input, node j = sum over i &lt; j of edge(i -> j)(node i), node 3 the output. Edges are numbered in
/// the benchmark string's order: 1&lt;-0 | 2&lt;-0, 2&lt;-1 | 3&lt;-0, 3&lt;-1, 3&lt;-2.
/// </summary>
public static class Nb201CellWiring
{
    /// <summary>Number of edges in a cell.</summary>
    public const int EdgeCount = 6;

    /// <summary>
    /// Runs the cell. <paramref name="edge"/> maps (edge index, input node) to the edge's output, or null
    /// when the edge contributes nothing; a node with no contribution at all is zeros. Once a node is summed,
    /// the edge outputs it consumed go back to the pool unless a backward node reads them or they are nodes
    /// themselves (a skip connection's output is its input): the peak memory of a training step is then
    /// what the backward pass needs, as in PyTorch.
    /// </summary>
    public static Tensor Forward(Tensor input, Func<int, Tensor, Tensor?> edge)
    {
        var nodes = new Tensor[4];
        nodes[0] = input;
        var contributions = new List<Tensor>(3);
        var e = 0;
        for (var j = 1; j < 4; j++)
        {
            contributions.Clear();
            for (var i = 0; i < j; i++, e++)
            {
                if (edge(e, nodes[i]) is { } contribution)
                {
                    contributions.Add(contribution);
                }
            }

            nodes[j] = contributions.Count > 0 ? Ops.AddN(contributions) : Tensor.Zeros(input.Shape.ToArray());
            ReleaseSummed(contributions, nodes.AsSpan(0, j + 1));
        }

        return nodes[3];
    }

    /// <summary>Releases early (<see cref="Tensor.TryReleaseEarly"/>) the summed terms that are not one of <paramref name="nodes"/>.</summary>
    internal static void ReleaseSummed(List<Tensor> terms, ReadOnlySpan<Tensor> nodes)
    {
        foreach (var term in terms)
        {
            var isNode = false;
            foreach (var node in nodes)
            {
                isNode |= ReferenceEquals(term, node);
            }

            if (!isNode)
            {
                term.TryReleaseEarly();
            }
        }
    }
}

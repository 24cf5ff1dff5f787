
namespace NasSharp.Search.Spaces.Darts;

/// <summary>
/// DARTS's discretization of the continuous cell (Liu et al. 2019, section 2.4; <c>genotype()</c> of model_search.py):
/// for each intermediate node keep the two incoming edges whose strongest non-<c>none</c> operation weighs most, each
/// with that operation. Weights are the per-edge mixing weights (softmax of alpha), [14, 8] row-major in the search
/// network's edge order: node 0's edges from states 0, 1; node 1's from 0, 1, 2; node 2's from 0..3; node 3's from 0..4.
/// </summary>
public static class DartsDerivation
{
    /// <summary>Edges of a search cell: 2 + 3 + 4 + 5.</summary>
    public const int SearchEdges = 14;

    /// <summary>Candidate operations per edge.</summary>
    public static int OpCount => DartsOperations.All.Count;

    /// <summary>The genotype of the normal and reduction weights [14, 8] each (concat 2..5).</summary>
    public static DartsGenotype Derive(ReadOnlySpan<float> normal, ReadOnlySpan<float> reduce) => new(Cell(normal), Cell(reduce));

    /// <summary>The index of the edge from state <paramref name="input"/> to node <paramref name="node"/> in the search cell.</summary>
    public static int EdgeIndex(int node, int input) => (node * (node + 3) / 2) + input;

    private static List<DartsEdge> Cell(ReadOnlySpan<float> weights)
    {
        if (weights.Length != SearchEdges * OpCount)
        {
            throw new ArgumentException($"DartsDerivation: weights must be [{SearchEdges}, {OpCount}], got {weights.Length} values.");
        }

        var edges = new List<DartsEdge>();
        for (var node = 0; node < DartsGenotype.Nodes; node++)
        {
            var candidates = new List<(DartsEdge Edge, float Strength)>();
            for (var input = 0; input < node + 2; input++)
            {
                var row = weights.Slice(EdgeIndex(node, input) * OpCount, OpCount);
                var best = 1;
                for (var k = 2; k < row.Length; k++)
                {
                    best = row[k] > row[best] ? k : best;
                }

                candidates.Add((new DartsEdge((DartsOperation)best, input), row[best]));
            }

            // Stable order: strongest first, earlier input on ties (Python's sorted is stable too).
            edges.AddRange(candidates.OrderByDescending(c => c.Strength).Take(2).Select(c => c.Edge));
        }

        return edges;
    }
}

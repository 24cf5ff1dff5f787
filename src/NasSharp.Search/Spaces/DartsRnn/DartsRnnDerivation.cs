namespace NasSharp.Search.Spaces.DartsRnn;

/// <summary>
/// The derivation rule of the DARTS recurrent search (quark0/darts rnn/model_search.py, genotype()._parse): for each
/// node, take the predecessor whose best non-<c>none</c> probability is largest (ties to the lower index, as Python's
/// stable sort), then that edge's best non-<c>none</c> operation (ties to the lower index); concat all nodes.
/// </summary>
public static class DartsRnnDerivation
{
    /// <summary>
    /// The genotype of per-node probability tables: <paramref name="nodeProbabilities"/>[i] holds node i + 1's edges,
    /// row-major [i + 1 predecessors, <see cref="DartsRnnOperations.Count"/>] (the softmax of its architecture table).
    /// </summary>
    public static DartsRnnGenotype Derive(IReadOnlyList<float[]> nodeProbabilities)
    {
        ArgumentNullException.ThrowIfNull(nodeProbabilities);
        var ops = DartsRnnOperations.Count;
        var nodes = new DartsRnnNode[nodeProbabilities.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            var p = nodeProbabilities[i];
            if (p.Length != (i + 1) * ops)
            {
                throw new ArgumentException($"DartsRnnDerivation: node {i + 1} has {p.Length} probabilities, expected {(i + 1) * ops} ({i + 1} edges x {ops} operations).", nameof(nodeProbabilities));
            }

            var (bestEdge, bestOp) = (0, BestOp(p, 0));
            for (var j = 1; j <= i; j++)
            {
                var k = BestOp(p, j);
                if (p[(j * ops) + k] > p[(bestEdge * ops) + bestOp])
                {
                    (bestEdge, bestOp) = (j, k);
                }
            }

            nodes[i] = new DartsRnnNode((DartsRnnOperation)bestOp, bestEdge);
        }

        return new DartsRnnGenotype(nodes);
    }

    // The strongest non-none operation of edge j (first on ties).
    private static int BestOp(float[] p, int j)
    {
        var ops = DartsRnnOperations.Count;
        var best = 1;
        for (var k = 2; k < ops; k++)
        {
            best = p[(j * ops) + k] > p[(j * ops) + best] ? k : best;
        }

        return best;
    }
}

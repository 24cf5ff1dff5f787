using NasSharp.Search.Networks.Darts;

namespace NasSharp.Search.Spaces.Darts;

/// <summary>
/// The DARTS CNN space (Liu et al., ICLR 2019) as discrete strategies see it: a normal and a reduction cell, each of four
/// nodes with two distinct inputs among the earlier states and one non-<c>none</c> operation per input (the derived form
/// of <see cref="DartsDerivation"/>). A node's two edges are kept in ascending input order, so one architecture has one
/// genotype. The decisions are not independent (two distinct inputs), so this is not a categorical space: random
/// search, regularized evolution and local search work on it; REINFORCE and TPE do not.
/// </summary>
public sealed class DartsSpace : ISearchSpace<DartsGenotype>
{
    private static readonly DartsOperation[] Ops = Enum.GetValues<DartsOperation>().Where(o => o != DartsOperation.None).ToArray();

    public static DartsSpace Instance { get; } = new();

    /// <summary>One-hot of the path over both tables (2 x 14 edges x 8 operations).</summary>
    public int EncodingLength => 2 * DartsDerivation.SearchEdges * DartsDerivation.OpCount;

    public DartsGenotype Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new DartsGenotype(SampleCell(random), SampleCell(random));
    }

    /// <summary>One uniformly chosen edge of either cell gets a different operation or a different input (never the parent).</summary>
    public DartsGenotype Mutate(DartsGenotype genotype, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var all = Neighbours(genotype);
        return all[random.Next(all.Count)];
    }

    public IReadOnlyList<DartsGenotype> Neighbours(DartsGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        var result = new List<DartsGenotype>();
        foreach (var reduce in new[] { false, true })
        {
            var cell = reduce ? genotype.Reduce : genotype.Normal;
            foreach (var variant in CellNeighbours(cell))
            {
                result.Add(reduce ? new DartsGenotype(genotype.Normal, variant, genotype.NormalConcat, genotype.ReduceConcat) : new DartsGenotype(variant, genotype.Reduce, genotype.NormalConcat, genotype.ReduceConcat));
            }
        }

        return result;
    }

    public float[] Encode(DartsGenotype genotype)
    {
        var path = DartsSearchNetwork.PathOf(genotype);
        var encoding = new float[EncodingLength];
        for (var g = 0; g < 2; g++)
        {
            for (var e = 0; e < DartsDerivation.SearchEdges; e++)
            {
                encoding[(((g * DartsDerivation.SearchEdges) + e) * DartsDerivation.OpCount) + path[g][e]] = 1f;
            }
        }

        return encoding;
    }

    private static List<DartsEdge> SampleCell(Random random)
    {
        var edges = new List<DartsEdge>(DartsGenotype.EdgesPerCell);
        for (var node = 0; node < DartsGenotype.Nodes; node++)
        {
            var inputs = node + 2;
            var a = random.Next(inputs);
            var b = (a + 1 + random.Next(inputs - 1)) % inputs;
            edges.AddRange(Node(new DartsEdge(Ops[random.Next(Ops.Length)], a), new DartsEdge(Ops[random.Next(Ops.Length)], b)));
        }

        return edges;
    }

    private static IEnumerable<List<DartsEdge>> CellNeighbours(IReadOnlyList<DartsEdge> cell)
    {
        for (var node = 0; node < DartsGenotype.Nodes; node++)
        {
            for (var slot = 0; slot < 2; slot++)
            {
                var edge = cell[(2 * node) + slot];
                var other = cell[(2 * node) + 1 - slot];
                foreach (var op in Ops.Where(o => o != edge.Op))
                {
                    yield return Replace(cell, node, new DartsEdge(op, edge.Input), other);
                }

                for (var input = 0; input < node + 2; input++)
                {
                    if (input != edge.Input && input != other.Input)
                    {
                        yield return Replace(cell, node, new DartsEdge(edge.Op, input), other);
                    }
                }
            }
        }
    }

    private static List<DartsEdge> Replace(IReadOnlyList<DartsEdge> cell, int node, DartsEdge changed, DartsEdge other)
    {
        var copy = cell.ToList();
        var pair = Node(changed, other);
        copy[2 * node] = pair[0];
        copy[(2 * node) + 1] = pair[1];
        return copy;
    }

    private static DartsEdge[] Node(DartsEdge a, DartsEdge b) => a.Input <= b.Input ? [a, b] : [b, a];
}

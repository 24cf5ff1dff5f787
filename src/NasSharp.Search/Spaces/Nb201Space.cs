
namespace NasSharp.Search.Spaces;

/// <summary>
/// The NAS-Bench-201 cell space (Dong &amp; Yang, ICLR 2020): six edges, five ops each, 15,625
/// genotypes. Isomorphic cells are distinct genotypes, as in the benchmark. Stateless.
/// </summary>
public sealed class Nb201Space : ICategoricalSpace<Nb201Genotype>, IFiniteSpace<Nb201Genotype>
{
    private static readonly int[] ChoiceCounts = [5, 5, 5, 5, 5, 5];

    /// <summary>The one shared instance (the space has no state).</summary>
    public static Nb201Space Instance { get; } = new();

    public IReadOnlyList<int> Choices => ChoiceCounts;

    public long Size => Nb201Genotype.SpaceSize;

    /// <summary>Six one-hot blocks of five, edge 0 first: 30 values.</summary>
    public int EncodingLength => Nb201Genotype.EdgeCount * Nb201Genotype.OpCount;

    public Nb201Genotype Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new Nb201Genotype(random.Next(Nb201Genotype.SpaceSize));
    }

    /// <summary>
    /// One uniformly chosen edge set to a uniformly chosen DIFFERENT op, as NB201's REA
    /// (<c>mutate_arch</c>) does: a mutation never returns its parent.
    /// </summary>
    public Nb201Genotype Mutate(Nb201Genotype genotype, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var edge = random.Next(Nb201Genotype.EdgeCount);
        var shift = 1 + random.Next(Nb201Genotype.OpCount - 1);
        var op = (Nb201Operation)(((int)genotype[edge] + shift) % Nb201Genotype.OpCount);
        return genotype.WithOp(edge, op);
    }

    /// <summary>The 24 genotypes one edge away, edge-major, ops in id order.</summary>
    public IReadOnlyList<Nb201Genotype> Neighbours(Nb201Genotype genotype)
    {
        var result = new List<Nb201Genotype>(Nb201Genotype.EdgeCount * (Nb201Genotype.OpCount - 1));
        for (var e = 0; e < Nb201Genotype.EdgeCount; e++)
        {
            for (var op = 0; op < Nb201Genotype.OpCount; op++)
            {
                if (op != (int)genotype[e])
                {
                    result.Add(genotype.WithOp(e, (Nb201Operation)op));
                }
            }
        }

        return result;
    }

    public float[] Encode(Nb201Genotype genotype)
    {
        var code = new float[EncodingLength];
        for (var e = 0; e < Nb201Genotype.EdgeCount; e++)
        {
            code[(e * Nb201Genotype.OpCount) + (int)genotype[e]] = 1f;
        }

        return code;
    }

    public int[] ToDecisions(Nb201Genotype genotype)
    {
        var decisions = new int[Nb201Genotype.EdgeCount];
        for (var e = 0; e < decisions.Length; e++)
        {
            decisions[e] = (int)genotype[e];
        }

        return decisions;
    }

    public Nb201Genotype FromDecisions(ReadOnlySpan<int> decisions)
    {
        if (decisions.Length != Nb201Genotype.EdgeCount)
        {
            throw new ArgumentException($"Nb201Space: expected {Nb201Genotype.EdgeCount} decisions, got {decisions.Length}.", nameof(decisions));
        }

        Span<Nb201Operation> ops = stackalloc Nb201Operation[Nb201Genotype.EdgeCount];
        for (var e = 0; e < ops.Length; e++)
        {
            ops[e] = (Nb201Operation)decisions[e];
        }

        return Nb201Genotype.FromOps(ops);
    }

    /// <summary>All 15,625 genotypes in index order.</summary>
    public IEnumerable<Nb201Genotype> Enumerate()
    {
        for (var i = 0; i < Nb201Genotype.SpaceSize; i++)
        {
            yield return new Nb201Genotype(i);
        }
    }
}

namespace NasSharp.Search.Spaces.Tib;

/// <summary>
/// A derived two-input backbone cell (RECURRENT.md 1.2): a chain of nodes, node k applying one
/// <see cref="TibOperation"/> to the previous state and its own projection; h_t = the last state. Text form
/// <c>tib:op|op|...</c> in chain order, e.g. <c>tib:mul_sigmoid|add_tanh|mul_tanh</c>, then the extra edges grown by
/// morphism M4 (RECURRENT.md 3.2), each as <c>+e(op,from-&gt;to)</c> (<see cref="TibGenotypeEdge"/>), e.g.
/// <c>tib:mul_sigmoid|add_tanh|mul_tanh+e(mul,0-&gt;2)</c>: node 2 adds mul(h_{t-1}, z_2) to its output. Edges are kept
/// in the order (to, from, op), so Parse(ToString()) round-trips whatever order the text gave. (The mixed-slot-A form
/// <c>op~pred</c> of RECURRENT.md is not supported.) Immutable.
/// </summary>
public sealed class TibGenotype : IEquatable<TibGenotype>
{
    /// <summary>The text prefix naming the space.</summary>
    public const string Prefix = "tib:";

    public TibGenotype(IReadOnlyList<TibOperation> ops, IReadOnlyList<TibGenotypeEdge>? edges = null)
    {
        ArgumentNullException.ThrowIfNull(ops);
        if (ops.Count == 0 || ops.Any(o => !Enum.IsDefined(o)))
        {
            throw new ArgumentException($"tib genotype: need at least one known operation, got [{string.Join(", ", ops)}].", nameof(ops));
        }

        Ops = ops.ToArray();
        Edges = (edges ?? []).OrderBy(e => e.To).ThenBy(e => e.From).ThenBy(e => e.Op).ToArray();
        if (Edges.Where(e => !Enum.IsDefined(e.Op) || !Fits(e, Ops.Count)).Cast<TibGenotypeEdge?>().FirstOrDefault() is { } edge)
        {
            throw new ArgumentException($"tib genotype: bad edge '+{edge}' for {Ops.Count} nodes: write an edge as {TibGenotypeEdge.Form}.", nameof(edges));
        }
    }

    /// <summary>The nodes' operations in chain order.</summary>
    public IReadOnlyList<TibOperation> Ops { get; }

    /// <summary>The extra edges (M4), ordered by target, then source, then operation.</summary>
    public IReadOnlyList<TibGenotypeEdge> Edges { get; }

    /// <summary>True when some node or edge takes a Hadamard product (the IEEE Access abstract's observation about pruned cells).</summary>
    public bool HasHadamard => Ops.Any(TibOperations.IsHadamard) || Edges.Any(e => TibOperations.IsHadamard(e.Op));

    /// <summary>
    /// The same cell with its removable <c>skip</c> nodes contracted: a skip node without an edge into it passes A through
    /// unchanged, so it goes, edges out of it read its A instead and later states are renumbered. A skip node that an edge
    /// feeds stays (it adds that edge's output). A cell of only such skips keeps one.
    /// </summary>
    public TibGenotype WithoutSkips()
    {
        var ops = Ops.ToList();
        var edges = Edges.ToList();
        for (var k = ops.Count; k >= 1; k--)
        {
            if (ops[k - 1] != TibOperation.Skip || edges.Any(e => e.To == k))
            {
                continue;
            }

            ops.RemoveAt(k - 1);
            edges = edges.Select(e => e with { From = e.From >= k ? e.From - 1 : e.From, To = e.To > k ? e.To - 1 : e.To }).ToList();
        }

        return ops.Count == 0 ? new TibGenotype([TibOperation.Skip]) : new TibGenotype(ops, edges);
    }

    /// <summary>Parses the text form; throws <see cref="FormatException"/> naming the bad part.</summary>
    public static TibGenotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (!body.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException($"tib genotype: '{text}' does not start with '{Prefix}'.");
        }

        var parts = body[Prefix.Length..].Split('+');
        if (parts[0].Length == 0)
        {
            throw new FormatException($"tib genotype: '{text}' names no operation.");
        }

        var ops = parts[0].Split('|').Select(TibOperations.Parse).ToArray();
        var edges = parts.Skip(1).Select(TibGenotypeEdge.Parse).ToArray();
        if (edges.Where(e => !Fits(e, ops.Length)).Cast<TibGenotypeEdge?>().FirstOrDefault() is { } edge)
        {
            throw new FormatException($"tib genotype: bad edge '+{edge}' in '{text}' ({ops.Length} nodes): write an edge as {TibGenotypeEdge.Form}.");
        }

        return new TibGenotype(ops, edges);
    }

    // An edge reads an earlier state: 0 <= from < to <= N.
    private static bool Fits(TibGenotypeEdge edge, int nodes) => edge.From >= 0 && edge.From < edge.To && edge.To <= nodes;

    public override string ToString() => Prefix + string.Join('|', Ops.Select(TibOperations.Name)) + string.Concat(Edges.Select(e => "+" + e));

    public bool Equals(TibGenotype? other) => other is not null && Ops.SequenceEqual(other.Ops) && Edges.SequenceEqual(other.Edges);

    public override bool Equals(object? obj) => Equals(obj as TibGenotype);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}

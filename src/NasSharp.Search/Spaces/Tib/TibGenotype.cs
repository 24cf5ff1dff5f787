namespace NasSharp.Search.Spaces.Tib;

/// <summary>
/// A derived two-input backbone cell (RECURRENT.md 1.2): a chain of nodes, node k applying one
/// <see cref="TibOperation"/> to the previous state and its own projection; h_t = the last state. Text form
/// <c>tib:op|op|...</c> in chain order, e.g. <c>tib:mul_sigmoid|add_tanh|mul_tanh</c>; Parse(ToString()) round-trips.
/// (The mixed-slot-A form <c>op~pred</c> of RECURRENT.md is not supported.) Immutable.
/// </summary>
public sealed class TibGenotype : IEquatable<TibGenotype>
{
    /// <summary>The text prefix naming the space.</summary>
    public const string Prefix = "tib:";

    public TibGenotype(IReadOnlyList<TibOperation> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        if (ops.Count == 0 || ops.Any(o => !Enum.IsDefined(o)))
        {
            throw new ArgumentException($"tib genotype: need at least one known operation, got [{string.Join(", ", ops)}].", nameof(ops));
        }

        Ops = ops.ToArray();
    }

    /// <summary>The nodes' operations in chain order.</summary>
    public IReadOnlyList<TibOperation> Ops { get; }

    /// <summary>True when some node takes a Hadamard product (the IEEE Access abstract's observation about pruned cells).</summary>
    public bool HasHadamard => Ops.Any(TibOperations.IsHadamard);

    /// <summary>The same cell with its <c>skip</c> nodes contracted (a node whose op is skip passes A through unchanged); a cell of only skips keeps one.</summary>
    public TibGenotype WithoutSkips()
    {
        var kept = Ops.Where(o => o != TibOperation.Skip).ToArray();
        return kept.Length == 0 ? new TibGenotype([TibOperation.Skip]) : new TibGenotype(kept);
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

        body = body[Prefix.Length..];
        if (body.Length == 0)
        {
            throw new FormatException($"tib genotype: '{text}' names no operation.");
        }

        return new TibGenotype(body.Split('|').Select(TibOperations.Parse).ToArray());
    }

    public override string ToString() => Prefix + string.Join('|', Ops.Select(TibOperations.Name));

    public bool Equals(TibGenotype? other) => other is not null && Ops.SequenceEqual(other.Ops);

    public override bool Equals(object? obj) => Equals(obj as TibGenotype);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}

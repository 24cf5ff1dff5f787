using System.Globalization;

namespace NasSharp.Search.Spaces.DartsRnn;

/// <summary>
/// A derived cell of the DARTS recurrent space (Liu et al., ICLR 2019, section 2.1; quark0/darts rnn/genotypes.py
/// <c>Genotype(recurrent=[...], concat=range(1, 9))</c>): node i (1-based) applies one activation to one earlier state
/// j &lt; i, and the cell outputs the mean of the <see cref="Concat"/> states. Text form
/// <c>darts-rnn:op~pred|op~pred|...</c> with one pair per node; a concat other than 1..N is appended as
/// <c>;concat=1,2,5</c>. Parse(ToString()) round-trips. Immutable.
/// </summary>
public sealed class DartsRnnGenotype : IEquatable<DartsRnnGenotype>
{
    /// <summary>The text prefix naming the space.</summary>
    public const string Prefix = "darts-rnn:";

    public DartsRnnGenotype(IReadOnlyList<DartsRnnNode> nodes, IReadOnlyList<int>? concat = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            throw new ArgumentException("darts-rnn genotype: at least one node is needed.", nameof(nodes));
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].Op == DartsRnnOperation.None || !Enum.IsDefined(nodes[i].Op) || nodes[i].Predecessor < 0 || nodes[i].Predecessor > i)
            {
                throw new ArgumentException($"darts-rnn genotype: node {i + 1} '{nodes[i]}' needs an operation other than none and a predecessor in 0..{i}.", nameof(nodes));
            }
        }

        Nodes = nodes.ToArray();
        Concat = concat?.ToArray() ?? Enumerable.Range(1, nodes.Count).ToArray();
        if (Concat.Count == 0 || Concat.Any(c => c < 1 || c > nodes.Count) || Concat.Distinct().Count() != Concat.Count)
        {
            throw new ArgumentException($"darts-rnn genotype: concat [{string.Join(", ", Concat)}] must list distinct nodes in 1..{nodes.Count}.", nameof(concat));
        }
    }

    /// <summary>The nodes in order; node i + 1 of the cell is entry i.</summary>
    public IReadOnlyList<DartsRnnNode> Nodes { get; }

    /// <summary>The states averaged into the output (1-based node numbers).</summary>
    public IReadOnlyList<int> Concat { get; }

    /// <summary>DARTS first order as published (genotypes.py DARTS_V1).</summary>
    public static DartsRnnGenotype DartsV1 { get; } = Parse("darts-rnn:relu~0|relu~1|tanh~2|relu~3|relu~4|identity~1|relu~5|relu~1");

    /// <summary>DARTS second order as published (genotypes.py DARTS_V2; 55.7 test perplexity on PTB).</summary>
    public static DartsRnnGenotype DartsV2 { get; } = Parse("darts-rnn:sigmoid~0|relu~1|relu~1|identity~1|tanh~2|sigmoid~5|tanh~3|relu~5");

    /// <summary>Parses the text form; throws <see cref="FormatException"/> naming the bad part.</summary>
    public static DartsRnnGenotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (!body.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException($"darts-rnn genotype: '{text}' does not start with '{Prefix}'.");
        }

        body = body[Prefix.Length..];
        int[]? concat = null;
        var semicolon = body.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0)
        {
            var tail = body[(semicolon + 1)..];
            body = body[..semicolon];
            concat = tail.StartsWith("concat=", StringComparison.Ordinal)
                ? tail["concat=".Length..].Split(',').Select(s => ParseInt(s, text)).ToArray()
                : throw new FormatException($"darts-rnn genotype: '{text}': expected ';concat=...' after the nodes.");
        }

        var nodes = body.Split('|').Select(pair => ParseNode(pair, text)).ToArray();
        try
        {
            return new DartsRnnGenotype(nodes, concat);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"'{text}': {ex.Message}", ex);
        }
    }

    public override string ToString()
    {
        var text = Prefix + string.Join('|', Nodes);
        return Concat.SequenceEqual(Enumerable.Range(1, Nodes.Count)) ? text : text + ";concat=" + string.Join(',', Concat);
    }

    public bool Equals(DartsRnnGenotype? other) => other is not null && Nodes.SequenceEqual(other.Nodes) && Concat.SequenceEqual(other.Concat);

    public override bool Equals(object? obj) => Equals(obj as DartsRnnGenotype);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private static DartsRnnNode ParseNode(string pair, string text)
    {
        var parts = pair.Split('~');
        if (parts.Length != 2)
        {
            throw new FormatException($"darts-rnn genotype: '{pair}' in '{text}' is not of the form op~pred.");
        }

        return new DartsRnnNode(DartsRnnOperations.Parse(parts[0]), ParseInt(parts[1], text));
    }

    private static int ParseInt(string s, string text) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"darts-rnn genotype: '{s}' in '{text}' is not a non-negative integer.");
}

using System.Globalization;

namespace NasSharp.Search.Spaces.Tib;

/// <summary>
/// An extra edge of a derived two-input backbone cell (morphism M4, RECURRENT.md 3.2): the two-input op
/// <see cref="Op"/> of state s_<see cref="From"/> (slot A; 0 is h_{t-1}, k the output of node k) and the projection
/// z of node <see cref="To"/> (slot B), added to that node's output. Text form <c>e(op,from-&gt;to)</c>, e.g.
/// <c>e(mul_sigmoid,0-&gt;2)</c>; in a genotype each edge follows the chain after a <c>+</c>.
/// </summary>
public readonly record struct TibGenotypeEdge(TibOperation Op, int From, int To)
{
    /// <summary>What a bad edge's error message shows the user.</summary>
    public const string Form = "+e(op,from->to) with 0 <= from < to <= N (N nodes; state 0 is h_{t-1}, state k the output of node k)";

    /// <summary>Parses <c>e(op,from-&gt;to)</c> (without the leading <c>+</c>); throws <see cref="FormatException"/> showing the form.</summary>
    public static TibGenotypeEdge Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        var comma = body.IndexOf(',', StringComparison.Ordinal);
        var arrow = body.IndexOf("->", StringComparison.Ordinal);
        if (!body.StartsWith("e(", StringComparison.Ordinal) || !body.EndsWith(')') || comma < 0 || arrow < comma
            || !int.TryParse(body[(comma + 1)..arrow], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(body[(arrow + 2)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var to))
        {
            throw new FormatException($"tib genotype: bad edge '+{text}': write an edge as {Form}.");
        }

        return new TibGenotypeEdge(TibOperations.Parse(body[2..comma]), from, to);
    }

    public override string ToString() => FormattableString.Invariant($"e({TibOperations.Name(Op)},{From}->{To})");
}

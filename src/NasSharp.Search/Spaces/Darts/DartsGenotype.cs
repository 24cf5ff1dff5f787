using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NasSharp.Search.Spaces.Darts;

/// <summary>
/// A genotype of the DARTS convolutional space (Liu et al., ICLR 2019, section 2.1): a normal and a reduction cell,
/// each with <see cref="Nodes"/> intermediate nodes of two inputs. Node i (0-based) reads two of the states
/// 0 .. i + 1 (states 0 and 1 are the outputs of the previous two cells), applies one non-<c>none</c> operation to
/// each and adds them; the cell outputs the concatenation of the <c>concat</c> states (2..5). The text form is the
/// DARTS code's <c>Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=range(2, 6), reduce=[...],
/// reduce_concat=range(2, 6))</c>; lists such as <c>[2, 3, 4, 5]</c> parse too, and <see cref="ToString"/> prints a
/// contiguous concat as <c>range</c>, so Parse(ToString()) round-trips. Immutable.
/// </summary>
public sealed partial class DartsGenotype : IEquatable<DartsGenotype>
{
    /// <summary>Intermediate nodes per cell.</summary>
    public const int Nodes = 4;

    /// <summary>Kept edges per cell (two per node).</summary>
    public const int EdgesPerCell = 2 * Nodes;

    public DartsGenotype(IReadOnlyList<DartsEdge> normal, IReadOnlyList<DartsEdge> reduce, IReadOnlyList<int>? normalConcat = null, IReadOnlyList<int>? reduceConcat = null)
    {
        Normal = Check(normal, "normal");
        Reduce = Check(reduce, "reduce");
        NormalConcat = CheckConcat(normalConcat, "normal");
        ReduceConcat = CheckConcat(reduceConcat, "reduce");
    }

    /// <summary>The normal cell's edges, two per node in node order.</summary>
    public IReadOnlyList<DartsEdge> Normal { get; }

    /// <summary>The reduction cell's edges.</summary>
    public IReadOnlyList<DartsEdge> Reduce { get; }

    public IReadOnlyList<int> NormalConcat { get; }

    public IReadOnlyList<int> ReduceConcat { get; }

    /// <summary>DARTS (first order) as published: genotypes.py's DARTS_V1, 3.00% CIFAR-10 error.</summary>
    public static DartsGenotype DartsV1 { get; } = Parse("Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])");

    /// <summary>DARTS (second order) as published: genotypes.py's DARTS_V2 (= DARTS), 2.76% CIFAR-10 error.</summary>
    public static DartsGenotype DartsV2 { get; } = Parse("Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])");

    /// <summary>Parses the DARTS text form; throws <see cref="FormatException"/> naming the problem.</summary>
    public static DartsGenotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Form().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"DartsGenotype: '{text}' is not of the form Genotype(normal=[...], normal_concat=..., reduce=[...], reduce_concat=...).");
        }

        try
        {
            return new DartsGenotype(Edges(match.Groups["normal"].Value), Edges(match.Groups["reduce"].Value), Concat(match.Groups["nc"].Value), Concat(match.Groups["rc"].Value));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"DartsGenotype: '{text}': {ex.Message}", ex);
        }
    }

    /// <summary>The DARTS text form.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("Genotype(normal=[");
        text.Append(string.Join(", ", Normal)).Append("], normal_concat=").Append(ConcatText(NormalConcat));
        text.Append(", reduce=[").Append(string.Join(", ", Reduce)).Append("], reduce_concat=").Append(ConcatText(ReduceConcat)).Append(')');
        return text.ToString();
    }

    public bool Equals(DartsGenotype? other) =>
        other is not null && Normal.SequenceEqual(other.Normal) && Reduce.SequenceEqual(other.Reduce) && NormalConcat.SequenceEqual(other.NormalConcat) && ReduceConcat.SequenceEqual(other.ReduceConcat);

    public override bool Equals(object? obj) => Equals(obj as DartsGenotype);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    [GeneratedRegex(@"^Genotype\(\s*normal\s*=\s*\[(?<normal>[^\]]*)\]\s*,\s*normal_concat\s*=\s*(?<nc>range\([^)]*\)|\[[^\]]*\])\s*,\s*reduce\s*=\s*\[(?<reduce>[^\]]*)\]\s*,\s*reduce_concat\s*=\s*(?<rc>range\([^)]*\)|\[[^\]]*\])\s*\)$")]
    private static partial Regex Form();

    [GeneratedRegex(@"\(\s*'(?<op>[a-z0-9_]+)'\s*,\s*(?<input>\d+)\s*\)")]
    private static partial Regex EdgeForm();

    private static List<DartsEdge> Edges(string list)
    {
        var edges = EdgeForm().Matches(list).Select(m => new DartsEdge(DartsOperations.Parse(m.Groups["op"].Value), int.Parse(m.Groups["input"].Value, CultureInfo.InvariantCulture))).ToList();
        if (EdgeForm().Replace(list, string.Empty).Trim(' ', ',').Length > 0)
        {
            throw new ArgumentException($"unreadable edge list [{list}]");
        }

        return edges;
    }

    private static List<int> Concat(string text)
    {
        var numbers = text.Trim().TrimStart('r', 'a', 'n', 'g', 'e').Trim('(', ')', '[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
        if (text.StartsWith("range", StringComparison.Ordinal))
        {
            if (numbers.Count != 2 || numbers[1] <= numbers[0])
            {
                throw new ArgumentException($"concat {text} is not range(a, b) with a < b");
            }

            return Enumerable.Range(numbers[0], numbers[1] - numbers[0]).ToList();
        }

        return numbers;
    }

    private static string ConcatText(IReadOnlyList<int> concat) =>
        concat.Zip(concat.Skip(1)).All(p => p.Second == p.First + 1)
            ? string.Create(CultureInfo.InvariantCulture, $"range({concat[0]}, {concat[^1] + 1})")
            : "[" + string.Join(", ", concat) + "]";

    private static DartsEdge[] Check(IReadOnlyList<DartsEdge> edges, string cell)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count != EdgesPerCell)
        {
            throw new ArgumentException($"DartsGenotype: the {cell} cell needs {EdgesPerCell} edges (2 per node), got {edges.Count}.");
        }

        for (var k = 0; k < edges.Count; k++)
        {
            var node = k / 2;
            if (edges[k].Input < 0 || edges[k].Input > node + 1 || edges[k].Op == DartsOperation.None || !Enum.IsDefined(edges[k].Op))
            {
                throw new ArgumentException($"DartsGenotype: {cell} edge {k} {edges[k]} of node {node} must read a state in 0..{node + 1} with an operation other than none.");
            }
        }

        return [.. edges];
    }

    private static int[] CheckConcat(IReadOnlyList<int>? concat, string cell)
    {
        var result = concat?.ToArray() ?? [2, 3, 4, 5];
        if (result.Length == 0 || result.Any(s => s < 0 || s >= Nodes + 2) || result.Distinct().Count() != result.Length)
        {
            throw new ArgumentException($"DartsGenotype: {cell}_concat [{string.Join(", ", result)}] must list distinct states in 0..{Nodes + 1}.");
        }

        return result;
    }
}

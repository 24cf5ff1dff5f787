using System.Diagnostics.CodeAnalysis;
using System.Text;


namespace NasSharp.Search.Spaces;

/// <summary>
/// One NAS-Bench-201 cell (Dong &amp; Yang, ICLR 2020): an operation on each of the six edges of a
/// four-node DAG, in the benchmark string's order 1&lt;-0 | 2&lt;-0, 2&lt;-1 | 3&lt;-0, 3&lt;-1, 3&lt;-2.
/// An immutable value held as one index in [0, 15625): the six op ids read as a base-5 number with
/// edge 0 the most significant digit, so <see cref="Index"/> written in base 5 is the table's
/// <c>op_indices</c> string. This is NasSharp's own numbering, not the benchmark's <c>arch_index</c>.
/// Isomorphic cells are distinct genotypes, as in the benchmark.
/// </summary>
public readonly struct Nb201Genotype : IEquatable<Nb201Genotype>, IComparable<Nb201Genotype>
{
    /// <summary>Edges of the cell.</summary>
    public const int EdgeCount = 6;

    /// <summary>Candidate operations per edge.</summary>
    public const int OpCount = 5;

    /// <summary>Number of genotypes: 5^6.</summary>
    public const int SpaceSize = 15625;

    // Powers of 5 per edge position: edge 0 is the most significant digit.
    private static readonly int[] Place = [3125, 625, 125, 25, 5, 1];

    // Source node of each edge, in string order; the target is 1, 2, 2, 3, 3, 3.
    private static readonly int[] EdgeSource = [0, 0, 1, 0, 1, 2];
    private static readonly int[] EdgeTarget = [1, 2, 2, 3, 3, 3];

    /// <summary>Creates the genotype with the given index in [0, 15625).</summary>
    public Nb201Genotype(int index)
    {
        if ((uint)index >= SpaceSize)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Nb201Genotype: index {index} is outside [0, {SpaceSize}).");
        }

        Index = index;
    }

    /// <summary>The genotype's index in [0, 15625) (base-5 digits = op ids, edge 0 first).</summary>
    public int Index { get; }

    /// <summary>The operation on <paramref name="edge"/> (0..5, string order).</summary>
    public Nb201Operation this[int edge] => (Nb201Operation)(Index / Place[CheckEdge(edge)] % OpCount);

    /// <summary>Builds a genotype from six operations in string order.</summary>
    public static Nb201Genotype FromOps(ReadOnlySpan<Nb201Operation> ops)
    {
        if (ops.Length != EdgeCount)
        {
            throw new ArgumentException($"Nb201Genotype: expected {EdgeCount} ops, got {ops.Length}.", nameof(ops));
        }

        var index = 0;
        for (var e = 0; e < EdgeCount; e++)
        {
            if ((uint)ops[e] >= OpCount)
            {
                throw new ArgumentException($"Nb201Genotype: op {(int)ops[e]} on edge {e} is not an NB201 op.", nameof(ops));
            }

            index += (int)ops[e] * Place[e];
        }

        return new Nb201Genotype(index);
    }

    /// <summary>The source and target node of <paramref name="edge"/>: edge 3 is (0, 3).</summary>
    public static (int From, int To) EdgeNodes(int edge) => (EdgeSource[CheckEdge(edge)], EdgeTarget[edge]);

    /// <summary>The benchmark's name of an op, e.g. <c>nor_conv_3x3</c>.</summary>
    public static string OpName(Nb201Operation op) =>
        Nb201Operations.Name(op);

    /// <summary>This genotype with <paramref name="edge"/> set to <paramref name="op"/>.</summary>
    public Nb201Genotype WithOp(int edge, Nb201Operation op)
    {
        if ((uint)op >= OpCount)
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, "Nb201Genotype: not an NB201 op.");
        }

        return new Nb201Genotype(Index + (((int)op - (int)this[edge]) * Place[edge]));
    }

    /// <summary>The six ops in string order.</summary>
    public Nb201Operation[] ToOps()
    {
        var ops = new Nb201Operation[EdgeCount];
        for (var e = 0; e < EdgeCount; e++)
        {
            ops[e] = this[e];
        }

        return ops;
    }

    /// <summary>The op-index form of the table's <c>op_indices</c> column: six digits, e.g. <c>334131</c>.</summary>
    public string ToOpIndices()
    {
        Span<char> digits = stackalloc char[EdgeCount];
        for (var e = 0; e < EdgeCount; e++)
        {
            digits[e] = (char)('0' + (int)this[e]);
        }

        return new string(digits);
    }

    /// <summary>Parses the six-digit op-index form (each digit 0..4).</summary>
    public static Nb201Genotype ParseOpIndices(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != EdgeCount)
        {
            throw new FormatException($"Nb201Genotype: op indices '{text}' must have {EdgeCount} digits 0..4.");
        }

        var index = 0;
        for (var e = 0; e < EdgeCount; e++)
        {
            var digit = text[e] - '0';
            if ((uint)digit >= OpCount)
            {
                throw new FormatException($"Nb201Genotype: op indices '{text}' must have {EdgeCount} digits 0..4.");
            }

            index += digit * Place[e];
        }

        return new Nb201Genotype(index);
    }

    /// <summary>Parses the benchmark string <c>|op~0|+|op~0|op~1|+|op~0|op~1|op~2|</c>.</summary>
    public static Nb201Genotype Parse(string text) =>
        TryParse(text, out var genotype) ? genotype : throw new FormatException($"Nb201Genotype: '{text}' is not an NB201 architecture string (|op~0|+|op~0|op~1|+|op~0|op~1|op~2|).");

    /// <summary>Parses the benchmark string; false when it is malformed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Nb201Genotype genotype)
    {
        genotype = default;
        if (text is null)
        {
            return false;
        }

        var nodes = text.Split('+');
        if (nodes.Length != 3)
        {
            return false;
        }

        var index = 0;
        var edge = 0;
        for (var target = 1; target <= 3; target++)
        {
            var node = nodes[target - 1];
            if (node.Length < 2 || node[0] != '|' || node[^1] != '|')
            {
                return false;
            }

            var inputs = node[1..^1].Split('|');
            if (inputs.Length != target)
            {
                return false;
            }

            for (var source = 0; source < target; source++, edge++)
            {
                var op = ParseInput(inputs[source], source);
                if (op < 0)
                {
                    return false;
                }

                index += op * Place[edge];
            }
        }

        genotype = new Nb201Genotype(index);
        return true;
    }

    /// <summary>The benchmark string, e.g. <c>|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(96);
        for (var e = 0; e < EdgeCount; e++)
        {
            var source = EdgeSource[e];
            if (source == 0 && e > 0)
            {
                text.Append("|+");
            }

            text.Append('|').Append(Nb201Operations.Name(this[e])).Append('~').Append((char)('0' + source));
        }

        return text.Append('|').ToString();
    }

    public bool Equals(Nb201Genotype other) => Index == other.Index;

    public override bool Equals(object? obj) => obj is Nb201Genotype other && Equals(other);

    public override int GetHashCode() => Index;

    public int CompareTo(Nb201Genotype other) => Index.CompareTo(other.Index);

    public static bool operator ==(Nb201Genotype left, Nb201Genotype right) => left.Equals(right);

    public static bool operator !=(Nb201Genotype left, Nb201Genotype right) => !left.Equals(right);

    public static bool operator <(Nb201Genotype left, Nb201Genotype right) => left.Index < right.Index;

    public static bool operator >(Nb201Genotype left, Nb201Genotype right) => left.Index > right.Index;

    public static bool operator <=(Nb201Genotype left, Nb201Genotype right) => left.Index <= right.Index;

    public static bool operator >=(Nb201Genotype left, Nb201Genotype right) => left.Index >= right.Index;

    // "nor_conv_3x3~1" with the expected source node -> op id, or -1.
    private static int ParseInput(string input, int source)
    {
        var tilde = input.LastIndexOf('~');
        if (tilde < 0 || input.Length != tilde + 2 || input[tilde + 1] != (char)('0' + source))
        {
            return -1;
        }

        return Nb201Operations.TryParse(input[..tilde], out var op) ? (int)op : -1;
    }

    private static int CheckEdge(int edge) =>
        (uint)edge < EdgeCount ? edge : throw new ArgumentOutOfRangeException(nameof(edge), edge, $"Nb201Genotype: edge {edge} is outside [0, {EdgeCount}).");
}

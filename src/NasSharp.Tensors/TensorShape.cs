namespace NasSharp.Tensors;

/// <summary>
/// The dimensions of a dense row-major tensor: rank 0 (a scalar) to <see cref="MaxRank"/>.
/// Immutable; every dimension is positive.
/// </summary>
public readonly struct TensorShape : IEquatable<TensorShape>
{
    /// <summary>The largest rank a tensor may have.</summary>
    public const int MaxRank = 5;

    private readonly int[]? dims;
    private readonly int count;

    public TensorShape(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Length > MaxRank)
        {
            throw new ArgumentException($"Tensor: rank {dimensions.Length} of shape {Format(dimensions)} exceeds the maximum rank {MaxRank}.");
        }

        long count = 1;
        foreach (var d in dimensions)
        {
            if (d <= 0)
            {
                throw new ArgumentException($"Tensor: every dimension must be positive, got shape {Format(dimensions)}.");
            }

            count *= d;
            if (count > int.MaxValue)
            {
                throw new ArgumentException($"Tensor: shape {Format(dimensions)} has more than {int.MaxValue} elements.");
            }
        }

        dims = (int[])dimensions.Clone();
        this.count = (int)count;
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank => dims?.Length ?? 0;

    /// <summary>Number of elements (1 for a scalar).</summary>
    public int Count => dims == null ? 1 : count;

    /// <summary>Size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => Dims[NormalizeAxis(axis, "Shape")];

    /// <summary>The dimensions as a read-only span.</summary>
    public ReadOnlySpan<int> Dims => dims ?? [];

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => Dims.ToArray();

    /// <summary>Maps a possibly negative axis to [0, Rank); throws naming the op when out of range.</summary>
    public int NormalizeAxis(int axis, string op)
    {
        var rank = Rank;
        var normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= rank)
        {
            throw new ArgumentException($"{op}: axis {axis} is out of range for shape {this} (rank {rank}).");
        }

        return normalized;
    }

    /// <summary>Product of the dimensions in [from, to).</summary>
    public int CountBetween(int from, int to)
    {
        var p = 1;
        for (var i = from; i < to; i++)
        {
            p *= Dims[i];
        }

        return p;
    }

    public bool Equals(TensorShape other) => Dims.SequenceEqual(other.Dims);

    public override bool Equals(object? obj) => obj is TensorShape other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var d in Dims)
        {
            hash.Add(d);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(TensorShape left, TensorShape right) => left.Equals(right);

    public static bool operator !=(TensorShape left, TensorShape right) => !left.Equals(right);

    public override string ToString() => Format(Dims);

    private static string Format(ReadOnlySpan<int> dimensions) => "[" + string.Join(", ", dimensions.ToArray()) + "]";
}

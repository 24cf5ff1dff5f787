namespace NasSharp.Tensors;

/// <summary>
/// The dimensions of a dense row-major tensor: rank 0 (a scalar) to <see cref="MaxRank"/>.
/// Immutable; every dimension is positive.
/// </summary>
public readonly struct TensorShape : IEquatable<TensorShape>
{
    /// <summary>The largest rank a tensor may have.</summary>
    public const int MaxRank = 5;

    // How many recently built dimension arrays each thread keeps for sharing (a DARTS search step uses ~25 shapes).
    private const int RecentCount = 32;

    // Dimension arrays recently built on this thread. An equal shape shares one instead of allocating its own: the
    // arrays are never written after construction, and a training step builds the same few shapes thousands of times.
    [ThreadStatic]
    private static int[]?[]? recentDims;

    [ThreadStatic]
    private static int recentNext;

    private readonly int[]? dims;
    private readonly int count;

    public TensorShape(params int[] dimensions)
        : this(new ReadOnlySpan<int>(dimensions ?? throw new ArgumentNullException(nameof(dimensions))))
    {
    }

    /// <summary>A shape of the given dimensions (held in a copy, shared with equal shapes recently built on this thread); <c>new TensorShape(n, c, h, w)</c> binds here without a params array.</summary>
    public TensorShape(params ReadOnlySpan<int> dimensions)
    {
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

        dims = SharedDims(dimensions);
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

    /// <summary>A dimension array equal to <paramref name="dimensions"/>: a recent one of this thread, or a new copy.</summary>
    private static int[] SharedDims(ReadOnlySpan<int> dimensions)
    {
        var recent = recentDims ??= new int[]?[RecentCount];
        foreach (var candidate in recent)
        {
            if (candidate != null && dimensions.SequenceEqual(candidate))
            {
                return candidate;
            }
        }

        var copy = dimensions.ToArray();
        recent[recentNext] = copy;
        recentNext = (recentNext + 1) % RecentCount;
        return copy;
    }

    private static string Format(ReadOnlySpan<int> dimensions) => "[" + string.Join(", ", dimensions.ToArray()) + "]";
}

namespace NasSharp.Tensors;

/// <summary>
/// A dense, contiguous, row-major float32 tensor of rank 0 to 5 (layout of images: [N, C, H, W]).
/// Storage comes from <see cref="TensorPool"/> and goes back when the owning <see cref="TensorScope"/>
/// ends. Ops live in <see cref="Ops"/>; the autodiff half of this type is in Tensor.Autograd.cs.
/// </summary>
public sealed partial class Tensor
{
    private float[]? storage;
    private readonly bool ownsStorage;
    private bool hasViews;

    /// <summary>How many live backward nodes read this tensor's values (see <see cref="TryReleaseEarly"/>).</summary>
    internal int DataReaders { get; set; }

    /// <summary>Whether the storage has gone back to the pool (scope ended or released early).</summary>
    internal bool IsReleased => storage == null;

    /// <summary>Whether this tensor is a view of storage that <paramref name="other"/> owns.</summary>
    internal bool ViewsStorageOf(Tensor other) => !ownsStorage && storage != null && other.ownsStorage && ReferenceEquals(storage, other.storage);

    private Tensor(TensorShape shape, float[] storage, bool ownsStorage, bool register)
    {
        Shape = shape;
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        if (register)
        {
            TensorScope.Current?.Register(this);
        }
    }

    /// <summary>The dimensions (set again only when a released gradient tensor is recycled, see Tensor.Autograd.cs).</summary>
    public TensorShape Shape { get; private set; }

    /// <summary>Number of elements.</summary>
    public int Count => Shape.Count;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The elements, row-major, from a 64-byte boundary (<see cref="AlignedStorage"/>). Throws once the owning scope has ended.</summary>
    public Span<float> Data
    {
        get
        {
            var array = Storage;
            return array.AsSpan(AlignedStorage.Start(array), Count);
        }
    }

    internal float[] Storage => storage ?? throw new ObjectDisposedException(nameof(Tensor), $"Tensor {Shape}: its storage went back to the pool when its TensorScope ended; keep it with TensorScope.Keep or create it outside the scope.");

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"Item: the tensor has shape {Shape}, not a single element.");
        }

        return Data[0];
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape)
    {
        var t = Uninitialized(new TensorShape(shape));
        t.Data.Clear();
        return t;
    }

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Uninitialized(new TensorShape(shape));
        t.Data.Fill(value);
        return t;
    }

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A scalar (rank 0).</summary>
    public static Tensor Scalar(float value) => Full(value);

    /// <summary>A tensor holding a copy of <paramref name="values"/> in the given shape.</summary>
    public static Tensor FromArray(float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        var s = new TensorShape(shape);
        if (values.Length != s.Count)
        {
            throw new ArgumentException($"FromArray: {values.Length} values do not fill shape {s} ({s.Count} elements).");
        }

        var t = Uninitialized(s);
        values.CopyTo(t.Data);
        return t;
    }

    /// <summary>Samples from N(mean, std^2) with the given generator (Box-Muller).</summary>
    public static Tensor RandomNormal(Random random, float mean, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        var t = Uninitialized(new TensorShape(shape));
        var data = t.Data;
        for (var i = 0; i < data.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            data[i] = mean + (std * (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
        }

        return t;
    }

    /// <summary>Samples uniformly from [low, high) with the given generator.</summary>
    public static Tensor RandomUniform(Random random, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        var t = Uninitialized(new TensorShape(shape));
        var data = t.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = low + ((high - low) * random.NextSingle());
        }

        return t;
    }

    /// <summary>An op output with unspecified contents: the op must write every element.</summary>
    public static Tensor Uninitialized(TensorShape shape) => new(shape, TensorPool.Rent(shape.Count), ownsStorage: true, register: true);

    /// <summary>Like <see cref="Uninitialized"/> but never owned by a scope (parameters, leaf gradients, optimizer state).</summary>
    public static Tensor Persistent(TensorShape shape)
    {
        var t = new Tensor(shape, AlignedStorage.Allocate(shape.Count, zeroed: true), ownsStorage: false, register: false);
        return t;
    }

    /// <summary>A tensor of another shape over the same storage (same element count).</summary>
    internal Tensor ViewAs(TensorShape shape)
    {
        if (shape.Count != Count)
        {
            throw new ArgumentException($"View: shape {shape} ({shape.Count} elements) does not match {Shape} ({Count} elements).");
        }

        // Registered with the scope (without owning the storage) so that the view dies with it.
        hasViews = true;
        return new Tensor(shape, Storage, ownsStorage: false, register: true);
    }

    /// <summary>A copy with its own storage.</summary>
    public Tensor Clone()
    {
        var t = Uninitialized(Shape);
        Data.CopyTo(t.Data);
        return t;
    }

    /// <summary>Copies the elements of <paramref name="source"/> (same shape) into this tensor, outside the graph.</summary>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Shape != Shape)
        {
            throw new ArgumentException($"CopyFrom: source shape {source.Shape} differs from target shape {Shape}.");
        }

        source.Data.CopyTo(Data);
    }

    /// <summary>The elements as a new array.</summary>
    public float[] ToArray() => Data.ToArray();

    /// <summary>Returns the storage to the pool now (backward scratch); the tensor is unusable afterwards.</summary>
    internal void ReleaseStorage()
    {
        if (ownsStorage && storage != null)
        {
            TensorPool.Return(storage);
        }

        storage = null;
        grad = null;
        creator = null;
    }

    /// <summary>
    /// Returns this op output's storage to the pool now, before its <see cref="TensorScope"/> ends, when nothing
    /// recorded can read it again: it is the output of a recorded op whose backward pass does not read its output,
    /// no live backward node reads it as an input, and no view shares its storage. PyTorch frees such a tensor
    /// as soon as its last reference goes; here the code that created and consumed it says so (a cell that has
    /// summed its edges). The caller must not read the tensor afterwards. Returns whether it was released.
    /// </summary>
    public bool TryReleaseEarly()
    {
        if (!ownsStorage || storage == null || hasViews || DataReaders > 0 || Creator is not { ReadsOutput: false })
        {
            return false;
        }

        TensorPool.Return(storage);
        storage = null;
        return true;
    }

    public override string ToString()
    {
        if (storage == null)
        {
            return $"Tensor{Shape} (released)";
        }

        var preview = string.Join(", ", Data[..Math.Min(Count, 6)].ToArray().Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)));
        return $"Tensor{Shape} [{preview}{(Count > 6 ? ", ..." : string.Empty)}]";
    }
}

using NasSharp.Kernels;

namespace NasSharp.Tensors;

/// <summary>NumPy broadcasting rules for the elementwise binary ops.</summary>
internal static class Broadcasting
{
    private const int Remembered = 8;

    // The last few resolved shape pairs of this thread: a recurrent cell meets the same [B, H] pairs at every step, and
    // each layout is four small arrays (the layouts are never modified, so sharing them is safe).
    [ThreadStatic]
    private static (TensorShape A, TensorShape B, TensorShape Shape, BroadcastLayout? Layout)[]? recent;

    [ThreadStatic]
    private static int nextSlot;

    /// <summary>The broadcast layout of two shapes; throws naming <paramref name="op"/> and both shapes when they do not broadcast.</summary>
    public static (TensorShape Shape, BroadcastLayout Layout) Resolve(string op, TensorShape a, TensorShape b)
    {
        recent ??= new (TensorShape, TensorShape, TensorShape, BroadcastLayout?)[Remembered];
        foreach (var entry in recent)
        {
            if (entry.Layout != null && entry.A == a && entry.B == b)
            {
                return (entry.Shape, entry.Layout);
            }
        }

        var resolved = Compute(op, a, b);
        recent[nextSlot] = (a, b, resolved.Shape, resolved.Layout);
        nextSlot = (nextSlot + 1) % Remembered;
        return resolved;
    }

    private static (TensorShape Shape, BroadcastLayout Layout) Compute(string op, TensorShape a, TensorShape b)
    {
        var rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Rank) >= 0 ? a.Dims[i - (rank - a.Rank)] : 1;
            var db = i - (rank - b.Rank) >= 0 ? b.Dims[i - (rank - b.Rank)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {a} and {b} do not broadcast (dimension {i}: {da} vs {db}).");
            }

            dims[i] = Math.Max(da, db);
        }

        var shape = new TensorShape(dims);
        return (shape, new BroadcastLayout(shape.Dims, a.Dims, b.Dims));
    }

    /// <summary>Adds <paramref name="outputGrad"/> (broadcast shape) into an input gradient, summing over broadcast dimensions.</summary>
    public static void AccumulateInto(Span<float> inputGrad, int[] inputStrides, BroadcastLayout layout, ReadOnlySpan<float> outputGrad)
    {
        if (inputGrad.IsEmpty)
        {
            return;
        }

        if (inputGrad.Length == outputGrad.Length)
        {
            Elementwise.AddInPlace(inputGrad, outputGrad);
            return;
        }

        Elementwise.AccumulateUnbroadcast(layout.OutDims, inputStrides, outputGrad, inputGrad);
    }
}

namespace NasSharp.Benchmarks.Kernels;

/// <summary>Seeded benchmark inputs, in buffers that start on a cache line as the engine's tensors do.</summary>
public static class BenchData
{
    /// <summary>Uniform values in [-1, 1), seeded.</summary>
    public static AlignedBuffer Random(int seed, int length)
    {
        var random = new Random(seed);
        var values = Buffer(length);
        var span = values.AsSpan();
        for (var i = 0; i < length; i++)
        {
            span[i] = (2f * random.NextSingle()) - 1f;
        }

        return values;
    }

    /// <summary>A zeroed buffer whose first element lies on a 64-byte boundary (<see cref="AlignedBuffer"/>).</summary>
    public static AlignedBuffer Buffer(int length) => new(length);
}

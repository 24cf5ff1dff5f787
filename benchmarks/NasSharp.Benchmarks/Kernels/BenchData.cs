namespace NasSharp.Benchmarks.Kernels;

/// <summary>Seeded benchmark inputs.</summary>
public static class BenchData
{
    /// <summary>Uniform values in [-1, 1), seeded.</summary>
    public static float[] Random(int seed, int length)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (2f * random.NextSingle()) - 1f;
        }

        return values;
    }
}

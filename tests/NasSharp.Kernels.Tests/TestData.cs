namespace NasSharp.Kernels.Tests;

/// <summary>Seeded random buffers and a closeness assertion shared by the kernel tests.</summary>
internal static class TestData
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

    /// <summary>Asserts |expected - actual| &lt;= tolerance max(1, |expected|) elementwise, naming the first bad element.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = tolerance * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= allowed, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}

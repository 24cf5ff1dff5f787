using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests;

/// <summary>The one shared harness for op tests: finite-difference gradients and value comparison.</summary>
internal static class OpAssert
{
    /// <summary>Random inputs of the given shapes, seeded.</summary>
    public static Tensor[] RandomInputs(int seed, params int[][] shapes)
    {
        var random = new Random(seed);
        return shapes.Select(s => Tensor.RandomUniform(random, -1f, 1f, s)).ToArray();
    }

    /// <summary>Asserts that the analytic gradient of <paramref name="function"/> matches finite differences at <paramref name="inputs"/>.</summary>
    public static void GradientsMatch(Func<Tensor[], Tensor> function, params Tensor[] inputs) =>
        GradientsMatch(function, 1e-2, inputs);

    public static void GradientsMatch(Func<Tensor[], Tensor> function, double epsilon, params Tensor[] inputs)
    {
        var result = GradCheck.Run(function, inputs, epsilon: epsilon);
        Assert.True(result.Passed, result.ToString());
        Assert.True(result.ElementsChecked > 0, "no element was checked");
    }

    /// <summary>Asserts elementwise closeness with a message naming the first bad element.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = tolerance * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= allowed, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}

using NasSharp.Tensors;

namespace NasSharp.NN.Tests;

/// <summary>Small helpers shared by the NN tests.</summary>
internal static class TestTensors
{
    /// <summary>A parameter holding <paramref name="values"/>.</summary>
    public static Tensor Param(float[] values, params int[] shape)
    {
        var p = Parameter.Create(shape.Length == 0 ? [values.Length] : shape);
        values.CopyTo(p.Data);
        return p;
    }

    /// <summary>Sets p.Grad to <paramref name="gradient"/> (replacing any earlier gradient) through a real backward pass.</summary>
    public static void SetGradient(Tensor p, float[] gradient)
    {
        p.ClearGrad();
        Ops.Sum(Ops.Multiply(p, Tensor.FromArray(gradient, p.Shape.ToArray()))).Backward();
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

namespace NasSharp.Kernels.Reference;

/// <summary>
/// Scalar, double-precision forms of the activation functions and their derivatives, written from the
/// textbook definitions (not from the forward output): the test oracle for <see cref="Unary"/> and its operators.
/// </summary>
public static class UnaryReference
{
    public static float Relu(float x) => x > 0f ? x : 0f;

    public static float ReluGradient(float x) => x > 0f ? 1f : 0f;

    public static float LeakyRelu(float x, float slope) => x > 0f ? x : slope * x;

    public static float LeakyReluGradient(float x, float slope) => x > 0f ? 1f : slope;

    public static float Sigmoid(float x) => (float)(1.0 / (1.0 + Math.Exp(-x)));

    public static float SigmoidGradient(float x)
    {
        var s = 1.0 / (1.0 + Math.Exp(-x));
        return (float)(s * (1.0 - s));
    }

    public static float Tanh(float x) => (float)Math.Tanh(x);

    public static float TanhGradient(float x)
    {
        var c = Math.Cosh(x);
        return (float)(1.0 / (c * c));
    }

    public static float Exp(float x) => (float)Math.Exp(x);

    public static float ExpGradient(float x) => (float)Math.Exp(x);

    public static float Log(float x) => (float)Math.Log(x);

    public static float LogGradient(float x) => (float)(1.0 / x);

    public static float Sqrt(float x) => (float)Math.Sqrt(x);

    public static float SqrtGradient(float x) => (float)(0.5 / Math.Sqrt(x));

    public static float Square(float x) => (float)((double)x * x);

    public static float SquareGradient(float x) => 2f * x;

    /// <summary>y[i] = f(x[i]) for a scalar function f.</summary>
    public static void Map(Func<float, float> f, ReadOnlySpan<float> x, Span<float> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = f(x[i]);
        }
    }

    /// <summary>dx[i] += f'(x[i]) * dy[i] for a scalar derivative f'.</summary>
    public static void AccumulateGradient(Func<float, float> derivative, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            dx[i] += derivative(x[i]) * dy[i];
        }
    }
}

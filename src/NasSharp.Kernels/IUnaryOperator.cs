using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// An elementwise unary map with scalar, 256-bit and 512-bit forms. A struct (it may carry a parameter
/// such as a slope), so the JIT specializes <see cref="Unary.Map{TOp}"/> for each operator. The three
/// forms compute the same expression, so results do not depend on the vector width.
/// </summary>
public interface IUnaryOperator
{
    float Invoke(float x);

    Vector256<float> Invoke(Vector256<float> x);

    Vector512<float> Invoke(Vector512<float> x);
}

/// <summary>max(x, 0), written as x &lt; 0 ? 0 : x so that NaN propagates instead of turning into 0.</summary>
public readonly struct ReluOperator : IUnaryOperator
{
    public float Invoke(float x) => x < 0f ? 0f : x;

    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256<float>.Zero, x);

    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512<float>.Zero, x);
}

/// <summary>x &lt; 0 ? slope * x : x.</summary>
public readonly struct LeakyReluOperator(float slope) : IUnaryOperator
{
    public float Invoke(float x) => x < 0f ? slope * x : x;

    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), x * slope, x);

    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), x * slope, x);
}

using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// The derivative rule of an elementwise unary op: given the input x, the forward output y and the
/// output gradient dy, the contribution to the input gradient dx. Scalar and vector forms compute the
/// same expression (no fused multiply-add), so results do not depend on the vector width.
/// </summary>
public interface IUnaryGradientOperator
{
    float Invoke(float x, float y, float dy);

    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy);
}

/// <summary>
/// relu'(x) = 1 for x &gt; 0, else 0 (0 at the kink x = 0, as PyTorch), decided on the output y = max(x, 0), which is
/// positive exactly when x is (as PyTorch's threshold_backward on the result): x is not read, so a caller may pass y for it.
/// </summary>
public readonly struct ReluGradientOperator : IUnaryGradientOperator
{
    public float Invoke(float x, float y, float dy) => y > 0f ? dy : 0f;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), dy, Vector256<float>.Zero);

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), dy, Vector512<float>.Zero);
}

/// <summary>leaky_relu'(x) = 1 for x &gt; 0, else slope (slope at the kink x = 0, as PyTorch).</summary>
public readonly struct LeakyReluGradientOperator(float slope) : IUnaryGradientOperator
{
    public float Invoke(float x, float y, float dy) => x > 0f ? dy : slope * dy;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), dy, dy * slope);

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), dy, dy * slope);
}

/// <summary>sigmoid'(x) = y (1 - y) with y = sigmoid(x).</summary>
public readonly struct SigmoidGradientOperator : IUnaryGradientOperator
{
    public float Invoke(float x, float y, float dy) => dy * (y * (1f - y));

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) => dy * (y * (Vector256<float>.One - y));

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) => dy * (y * (Vector512<float>.One - y));
}

/// <summary>tanh'(x) = 1 - y^2 with y = tanh(x).</summary>
public readonly struct TanhGradientOperator : IUnaryGradientOperator
{
    public float Invoke(float x, float y, float dy) => dy * (1f - (y * y));

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) => dy * (Vector256<float>.One - (y * y));

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) => dy * (Vector512<float>.One - (y * y));
}

/// <summary>exp'(x) = y with y = exp(x).</summary>
public readonly struct ExpGradientOperator : IUnaryGradientOperator
{
    public float Invoke(float x, float y, float dy) => dy * y;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) => dy * y;

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) => dy * y;
}

/// <summary>log'(x) = 1 / x.</summary>
public readonly struct LogGradientOperator : IUnaryGradientOperator
{
    public float Invoke(float x, float y, float dy) => dy / x;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) => dy / x;

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) => dy / x;
}

/// <summary>sqrt'(x) = 0.5 / y with y = sqrt(x) (infinite at x = 0).</summary>
public readonly struct SqrtGradientOperator : IUnaryGradientOperator
{
    public float Invoke(float x, float y, float dy) => dy * 0.5f / y;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) => dy * 0.5f / y;

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) => dy * 0.5f / y;
}

/// <summary>(x^2)' = 2 x.</summary>
public readonly struct SquareGradientOperator : IUnaryGradientOperator
{
    public float Invoke(float x, float y, float dy) => x * 2f * dy;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) => x * 2f * dy;

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) => x * 2f * dy;
}

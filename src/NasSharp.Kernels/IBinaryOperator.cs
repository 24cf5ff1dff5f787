using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>An elementwise binary operator with a scalar and a vector form, so the JIT specializes each loop.</summary>
public interface IBinaryOperator
{
    static abstract float Invoke(float x, float y);

    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}

public readonly struct AddOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x + y;

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y;
}

public readonly struct SubtractOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x - y;

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x - y;
}

public readonly struct MultiplyOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x * y;

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * y;
}

public readonly struct DivideOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x / y;

    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x / y;
}

namespace NasSharp.Tensors;

/// <summary>Arithmetic operators: shorthands for the differentiable <see cref="Ops"/> (broadcasting as there).</summary>
public sealed partial class Tensor
{
    /// <summary><see cref="Ops.Add"/>.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    /// <summary><see cref="Ops.Subtract"/>.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Subtract(a, b);

    /// <summary><see cref="Ops.Multiply"/> (elementwise, not a matrix product).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Multiply(a, b);

    /// <summary><see cref="Ops.Divide"/>.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Divide(a, b);

    /// <summary><see cref="Ops.Negate"/>.</summary>
    public static Tensor operator -(Tensor a) => Ops.Negate(a);

    /// <summary><see cref="Ops.Scale"/>.</summary>
    public static Tensor operator *(Tensor a, float factor) => Ops.Scale(a, factor);

    /// <summary><see cref="Ops.Scale"/>.</summary>
    public static Tensor operator *(float factor, Tensor a) => Ops.Scale(a, factor);
}

using NasSharp.Tensors;

namespace NasSharp.Search.Spaces.Tib;

/// <summary>Names (genotype text) and the math of <see cref="TibOperation"/>.</summary>
public static class TibOperations
{
    private static readonly string[] Names = ["skip", "add_tanh", "add_relu", "add_sigmoid", "add_id", "mul", "mul_sigmoid", "mul_tanh", "highway"];

    /// <summary>Number of candidate operations (the architecture table's columns).</summary>
    public static int Count => Names.Length;

    public static string Name(TibOperation op) => Names[(int)op];

    /// <summary>The operation called <paramref name="name"/>; throws <see cref="FormatException"/> listing the allowed names.</summary>
    public static TibOperation Parse(string name)
    {
        var i = Array.IndexOf(Names, name);
        return i >= 0 ? (TibOperation)i : throw new FormatException($"tib: unknown operation '{name}' (allowed: {string.Join(", ", Names)}).");
    }

    /// <summary>True for the ops that multiply A elementwise by a function of z.</summary>
    public static bool IsHadamard(TibOperation op) => op is TibOperation.Mul or TibOperation.MulSigmoid or TibOperation.MulTanh;

    /// <summary>o(A, z), composed from the engine's differentiable primitives.</summary>
    public static Tensor Apply(TibOperation op, Tensor a, Tensor z) => op switch
    {
        TibOperation.Skip => a,
        TibOperation.AddTanh => Ops.Tanh(Ops.Add(a, z)),
        TibOperation.AddRelu => Ops.Relu(Ops.Add(a, z)),
        TibOperation.AddSigmoid => Ops.Sigmoid(Ops.Add(a, z)),
        TibOperation.AddId => Ops.Add(a, z),
        TibOperation.Mul => Ops.Multiply(a, z),
        TibOperation.MulSigmoid => Ops.Multiply(a, Ops.Sigmoid(z)),
        TibOperation.MulTanh => Ops.Multiply(a, Ops.Tanh(z)),
        TibOperation.Highway => Ops.Add(a, Ops.Multiply(Ops.Sigmoid(z), Ops.Subtract(Ops.Tanh(z), a))),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "TibOperations: unknown operation."),
    };
}

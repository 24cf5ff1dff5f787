using NasSharp.Tensors;

namespace NasSharp.Search.Spaces.DartsRnn;

/// <summary>Names (as in genotype text and the DARTS code) and activations of <see cref="DartsRnnOperation"/>.</summary>
public static class DartsRnnOperations
{
    private static readonly string[] Names = ["none", "tanh", "relu", "sigmoid", "identity"];

    /// <summary>Number of candidates per edge (the architecture table's columns).</summary>
    public static int Count => Names.Length;

    /// <summary>The code name of <paramref name="op"/>.</summary>
    public static string Name(DartsRnnOperation op) => Names[(int)op];

    /// <summary>The operation called <paramref name="name"/>; throws <see cref="FormatException"/> listing the allowed names.</summary>
    public static DartsRnnOperation Parse(string name)
    {
        var i = Array.IndexOf(Names, name);
        return i >= 0 ? (DartsRnnOperation)i : throw new FormatException($"darts-rnn: unknown operation '{name}' (allowed: {string.Join(", ", Names)}).");
    }

    /// <summary>The activation f of the node equation s = s_prev + c * (f(h) - s_prev); not defined for <c>none</c>.</summary>
    public static Tensor Apply(DartsRnnOperation op, Tensor x) => op switch
    {
        DartsRnnOperation.Tanh => Ops.Tanh(x),
        DartsRnnOperation.Relu => Ops.Relu(x),
        DartsRnnOperation.Sigmoid => Ops.Sigmoid(x),
        DartsRnnOperation.Identity => x,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "DartsRnnOperations: 'none' has no activation."),
    };
}

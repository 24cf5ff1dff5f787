using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// A table of <c>count</c> learned vectors of size <c>dimension</c> (parameter "weight" [count, dimension],
/// initialised N(0, 1) as PyTorch's nn.Embedding). Looks rows up by integer index.
/// </summary>
public sealed class Embedding : Module
{
    public Embedding(int count, int dimension, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Weight = RegisterParameter("weight", Parameter.Create(count, dimension));
        Initialization.Normal(Weight.Data, 0f, 1f, random);
    }

    /// <summary>The table, [count, dimension].</summary>
    public Tensor Weight { get; }

    /// <summary>Rows for <paramref name="indices"/>, shaped [indexShape..., dimension] ([indices.Length, dimension] without a shape).</summary>
    public Tensor Forward(int[] indices, params int[] indexShape) => Ops.Embedding(Weight, indices, indexShape);

    /// <summary>Rows for the integer values held in <paramref name="input"/> (any shape): [input shape..., dimension].</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var data = input.Data;
        var indices = new int[data.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = (int)data[i];
            if (indices[i] != data[i])
            {
                throw new ArgumentException($"Embedding: input {input.Shape} holds the non-integer index {data[i]} at element {i}.", nameof(input));
            }
        }

        return Forward(indices, input.Shape.ToArray());
    }

    protected override string ExtraRepr() => $"{Weight.Shape[0]}, {Weight.Shape[1]}";
}

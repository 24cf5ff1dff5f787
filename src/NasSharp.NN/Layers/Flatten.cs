using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>[N, ...] -> [N, product of the rest] (a view; the batch axis is kept).</summary>
public sealed class Flatten : Module
{
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 1)
        {
            throw new ArgumentException($"Flatten: input {input.Shape} has no batch axis.", nameof(input));
        }

        return Ops.Reshape(input, input.Shape[0], -1);
    }
}

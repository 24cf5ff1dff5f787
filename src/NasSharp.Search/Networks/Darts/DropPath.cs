using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Darts;

/// <summary>
/// Drop path (Larsson et al. 2017, as DARTS's <c>drop_path</c>): in training, each sample's branch output is zeroed
/// with probability p and the survivors are scaled by 1 / (1 - p), so the expectation is unchanged.
/// </summary>
public static class DropPath
{
    /// <summary>x [N, ...] with whole samples dropped with probability <paramref name="probability"/>.</summary>
    public static Tensor Apply(Tensor x, float probability, Random random)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(random);
        if (probability <= 0)
        {
            return x;
        }

        if (probability >= 1 || x.Rank < 2)
        {
            throw new ArgumentException($"DropPath: probability {probability} must be below 1 and the input [N, ...] (got {x.Shape}).");
        }

        var keep = 1 - probability;
        var dims = new int[x.Rank];
        Array.Fill(dims, 1);
        dims[0] = x.Shape[0];
        var mask = Tensor.Zeros(dims);
        for (var n = 0; n < dims[0]; n++)
        {
            mask.Data[n] = random.NextDouble() < keep ? 1f / keep : 0f;
        }

        return Ops.Multiply(x, mask);
    }
}

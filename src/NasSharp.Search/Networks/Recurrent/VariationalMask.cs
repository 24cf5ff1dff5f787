using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// Variational (locked) dropout masks (Gal &amp; Ghahramani 2016), as mask2d of quark0/darts rnn/utils.py: one [B, D]
/// mask per minibatch, floor(U + keep) / keep, reused at every time step.
/// </summary>
internal static class VariationalMask
{
    /// <summary>A fresh mask, or null when dropout is off (probability 0 or evaluation mode).</summary>
    public static Tensor? Sample(int batch, int size, float probability, Random random, bool training)
    {
        if (!training || probability <= 0f)
        {
            return null;
        }

        var keep = 1f - probability;
        var mask = Tensor.Uninitialized(new TensorShape(batch, size));
        var data = mask.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextSingle() < keep ? 1f / keep : 0f;
        }

        return mask;
    }

    /// <summary><paramref name="x"/> times the mask, or <paramref name="x"/> itself without one.</summary>
    public static Tensor Apply(Tensor x, Tensor? mask) => mask == null ? x : Ops.Multiply(x, mask);

    /// <summary>Checks a dropout probability at a public edge.</summary>
    public static float Check(string owner, string name, float probability) =>
        probability is >= 0f and < 1f ? probability : throw new ArgumentOutOfRangeException(name, probability, $"{owner}: {name} must lie in [0, 1).");
}

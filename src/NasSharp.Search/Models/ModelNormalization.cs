using NasSharp.Data;

namespace NasSharp.Search.Models;

/// <summary>The input normalisation a model was trained with: value = (pixel / 255 - mean[c]) / std[c] (model.json's "normalization").</summary>
public sealed record ModelNormalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    public static ModelNormalization From(ChannelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        return new([.. normalization.Mean], [.. normalization.Std]);
    }

    public ChannelNormalization ToChannelNormalization() => new([.. Mean], [.. Std]);
}

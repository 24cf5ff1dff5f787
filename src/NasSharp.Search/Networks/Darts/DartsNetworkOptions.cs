namespace NasSharp.Search.Networks.Darts;

/// <summary>
/// Sizes of a DARTS evaluation network (NetworkCIFAR of the DARTS code): <see cref="Channels"/> C of the first cells
/// (stem 3C), <see cref="Layers"/> cells with reductions at layers/3 and 2 layers/3, and the auxiliary head after the
/// second reduction. The paper's CIFAR-10 network: C = 36, 20 layers, auxiliary weight 0.4, drop path 0.2.
/// </summary>
public sealed record DartsNetworkOptions(int Channels = 36, int Layers = 20, int Classes = 10, int InputChannels = 3, bool Auxiliary = false, int ImageSize = 32)
{
    /// <summary>Stem width multiplier (DARTS: 3).</summary>
    public const int StemMultiplier = 3;

    /// <summary>True when cell <paramref name="layer"/> is a reduction cell.</summary>
    public bool IsReduction(int layer) => layer == Layers / 3 || layer == 2 * Layers / 3;

    /// <summary>Throws naming the bad value.</summary>
    public void Validate()
    {
        if (Channels <= 0 || Layers < 3 || Classes < 2 || InputChannels <= 0 || ImageSize < 4 || Channels % 2 != 0)
        {
            throw new ArgumentException($"DARTS network: channels ({Channels}) must be positive and even, layers ({Layers}) at least 3, classes ({Classes}) at least 2, input channels ({InputChannels}) positive, image size ({ImageSize}) at least 4.");
        }
    }
}

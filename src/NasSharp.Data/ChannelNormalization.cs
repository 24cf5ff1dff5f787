namespace NasSharp.Data;

/// <summary>
/// Per-channel normalisation of pixels scaled to [0, 1]: value = (pixel / 255 - Mean[c]) / Std[c], as
/// torchvision's ToTensor followed by Normalize. Use <see cref="ImageDataset.ComputeNormalization"/> on
/// the training set, or a preset.
/// </summary>
public sealed record ChannelNormalization
{
    public ChannelNormalization(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length || std.Any(s => !(s > 0)) || mean.Any(m => !float.IsFinite(m)))
        {
            throw new ArgumentException($"ChannelNormalization: mean [{string.Join(", ", mean)}] and std [{string.Join(", ", std)}] need one finite mean and one positive std per channel.");
        }

        Mean = (float[])mean.Clone();
        Std = (float[])std.Clone();
    }

    /// <summary>CIFAR-10 training-set statistics, as in DARTS (utils.py, CIFAR_MEAN / CIFAR_STD).</summary>
    public static ChannelNormalization Cifar10 { get; } = new([0.49139968f, 0.48215827f, 0.44653124f], [0.24703233f, 0.24348505f, 0.26158768f]);

    /// <summary>MNIST training-set statistics (mean 0.1307, std 0.3081).</summary>
    public static ChannelNormalization Mnist { get; } = new([0.1307f], [0.3081f]);

    public float[] Mean { get; }

    public float[] Std { get; }

    public int Channels => Mean.Length;

    /// <summary>A 256-entry table per channel mapping a byte to its normalised value ([channel * 256 + byte]).</summary>
    internal float[] LookupTable()
    {
        var table = new float[Channels * 256];
        for (var c = 0; c < Channels; c++)
        {
            for (var b = 0; b < 256; b++)
            {
                table[(c * 256) + b] = ((b / 255f) - Mean[c]) / Std[c];
            }
        }

        return table;
    }
}

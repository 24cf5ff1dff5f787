namespace NasSharp.Data;

/// <summary>How a <see cref="DataLoader"/> batches a dataset.</summary>
public sealed record DataLoaderOptions
{
    /// <summary>Images per batch (the last batch may be smaller unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Whether each epoch visits the images in a new seeded order (false: index order).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Whether to skip a final batch smaller than <see cref="BatchSize"/>.</summary>
    public bool DropLast { get; init; }

    /// <summary>Seed of the shuffle and the augmentation; mixed with the epoch and batch index.</summary>
    public int Seed { get; init; }

    /// <summary>Random crop and flip (training only, typically).</summary>
    public ImageAugmentation Augmentation { get; init; } = ImageAugmentation.None;

    /// <summary>Per-channel normalisation; null gives pixel / 255 in [0, 1].</summary>
    public ChannelNormalization? Normalization { get; init; }

    /// <summary>Whether to assemble the next batch on a background task while the current one is in use.</summary>
    public bool Prefetch { get; init; } = true;
}

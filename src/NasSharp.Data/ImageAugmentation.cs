namespace NasSharp.Data;

/// <summary>
/// Training-time augmentation, applied per image before normalisation, in this order: a random crop of
/// the original size from the image zero-padded by <see cref="CropPadding"/> on every side (offsets
/// uniform in [0, 2 x padding] on each axis), then a horizontal flip with probability 1/2. This is
/// torchvision's RandomCrop(size, padding) + RandomHorizontalFlip() as used by DARTS on CIFAR-10 (padding 4).
/// </summary>
public sealed record ImageAugmentation
{
    /// <summary>No augmentation.</summary>
    public static ImageAugmentation None { get; } = new();

    /// <summary>Zero padding for the random crop; 0 disables cropping.</summary>
    public int CropPadding { get; init; }

    /// <summary>Whether to flip left-right with probability 1/2.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>Whether this augmentation changes anything.</summary>
    public bool IsIdentity => CropPadding == 0 && !HorizontalFlip;

    /// <summary>The DARTS CIFAR recipe: pad 4, random crop, random flip.</summary>
    public static ImageAugmentation CropAndFlip(int padding = 4) => new() { CropPadding = padding, HorizontalFlip = true };
}

using NasSharp.Tensors;

namespace NasSharp.Data;

/// <summary>
/// One batch from a <see cref="DataLoader"/>: images [Count, C, H, W] and their labels. The loader
/// reuses the storage of batches, so a batch stays valid only until the enumeration moves to the next
/// batch; <see cref="Tensor.Clone"/> the images to keep them longer. The image tensor is persistent
/// (not owned by any <see cref="TensorScope"/>) and does not require gradients.
/// </summary>
public sealed class ImageBatch
{
    internal ImageBatch()
    {
    }

    /// <summary>The images, [Count, Channels, Height, Width], augmented and normalised.</summary>
    public Tensor Images { get; private set; } = null!;

    /// <summary>The class labels, one per image.</summary>
    public int[] Labels { get; private set; } = [];

    /// <summary>Number of images in this batch.</summary>
    public int Count => Labels.Length;

    /// <summary>The epoch this batch belongs to.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The position of this batch in its epoch.</summary>
    public int Index { get; internal set; }

    /// <summary>Makes the storage fit <paramref name="count"/> images, reusing it when the size is unchanged.</summary>
    internal void Resize(int count, int channels, int height, int width)
    {
        if (Labels.Length == count && Images != null)
        {
            return;
        }

        Images = Tensor.Persistent(new TensorShape(count, channels, height, width));
        Labels = new int[count];
    }
}

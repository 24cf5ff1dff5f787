namespace NasSharp.Data;

/// <summary>
/// Writes augmented, normalised images into a batch. Randomness comes only from the generator it is
/// handed, drawn per image in a fixed order (crop offsets, then flip), so a batch is a function of
/// (seed, epoch, batch index) whichever thread assembles it.
/// </summary>
internal sealed class BatchAssembler
{
    private readonly ImageDataset dataset;
    private readonly ImageAugmentation augmentation;
    private readonly float[] table;

    public BatchAssembler(ImageDataset dataset, ImageAugmentation augmentation, ChannelNormalization? normalization)
    {
        this.dataset = dataset;
        this.augmentation = augmentation;
        var channels = dataset.Channels;
        table = (normalization ?? new ChannelNormalization(new float[channels], Enumerable.Repeat(1f, channels).ToArray())).LookupTable();
    }

    public void Fill(ImageBatch batch, ReadOnlySpan<int> indices, Random random)
    {
        batch.Resize(indices.Length, dataset.Channels, dataset.Height, dataset.Width);
        var output = batch.Images.Data;
        var size = dataset.ImageSize;
        for (var i = 0; i < indices.Length; i++)
        {
            batch.Labels[i] = dataset.Label(indices[i]);
            var target = output.Slice(i * size, size);
            var image = dataset.Image(indices[i]);
            if (augmentation.IsIdentity)
            {
                Copy(image, target);
            }
            else
            {
                var p = augmentation.CropPadding;
                var dy = p == 0 ? 0 : random.Next((2 * p) + 1) - p;
                var dx = p == 0 ? 0 : random.Next((2 * p) + 1) - p;
                var flip = augmentation.HorizontalFlip && random.Next(2) == 1;
                CropAndFlip(image, target, dy, dx, flip);
            }
        }
    }

    private void Copy(ReadOnlySpan<byte> image, Span<float> target)
    {
        var plane = dataset.Height * dataset.Width;
        for (var c = 0; c < dataset.Channels; c++)
        {
            var lut = table.AsSpan(c * 256, 256);
            var from = image.Slice(c * plane, plane);
            var to = target.Slice(c * plane, plane);
            for (var k = 0; k < plane; k++)
            {
                to[k] = lut[from[k]];
            }
        }
    }

    /// <summary>target[c, y, x] = padded[c, y + dy, x' + dx] with x' = W - 1 - x when flipped; zero (black) outside the image.</summary>
    private void CropAndFlip(ReadOnlySpan<byte> image, Span<float> target, int dy, int dx, bool flip)
    {
        var (h, w) = (dataset.Height, dataset.Width);
        for (var c = 0; c < dataset.Channels; c++)
        {
            var lut = table.AsSpan(c * 256, 256);
            for (var y = 0; y < h; y++)
            {
                var sy = y + dy;
                var row = target.Slice((c * h * w) + (y * w), w);
                for (var x = 0; x < w; x++)
                {
                    var sx = (flip ? w - 1 - x : x) + dx;
                    var inside = (uint)sy < (uint)h && (uint)sx < (uint)w;
                    row[x] = lut[inside ? image[(c * h * w) + (sy * w) + sx] : 0];
                }
            }
        }
    }
}

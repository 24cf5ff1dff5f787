namespace NasSharp.Data;

/// <summary>
/// An in-memory labelled image set. Pixels are stored as bytes, layout [Count, Channels, Height, Width]
/// (0 = black, 255 = full intensity), which keeps CIFAR's 50,000 images at 150 MB rather than 600 MB
/// of floats; <see cref="DataLoader"/> converts batches to float tensors. A subset
/// (<see cref="Subset"/>, <see cref="Split"/>, <see cref="DartsHalves"/>) shares the pixel storage of its
/// parent and only keeps an index map. Immutable.
/// </summary>
public sealed partial class ImageDataset
{
    private readonly byte[] pixels;
    private readonly int[]? map;
    private readonly int[] labels;

    /// <summary>Wraps <paramref name="pixels"/> ([count, channels, height, width]) and <paramref name="labels"/> without copying.</summary>
    public ImageDataset(string name, byte[] pixels, int[] labels, int channels, int height, int width, int classCount)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (channels <= 0 || height <= 0 || width <= 0 || classCount <= 0)
        {
            throw new ArgumentException($"ImageDataset {name}: channels {channels}, height {height}, width {width} and class count {classCount} must all be positive.");
        }

        if ((long)labels.Length * channels * height * width != pixels.Length)
        {
            throw new ArgumentException($"ImageDataset {name}: {pixels.Length} pixel bytes do not hold {labels.Length} images of [{channels}, {height}, {width}].");
        }

        CheckLabels(name, labels, classCount);
        Name = name;
        this.pixels = pixels;
        this.labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        ClassCount = classCount;
    }

    private ImageDataset(ImageDataset parent, int[] indices, string name)
    {
        Name = name;
        pixels = parent.pixels;
        map = new int[indices.Length];
        labels = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            if ((uint)index >= (uint)parent.Count)
            {
                throw new ArgumentException($"ImageDataset {parent.Name}: subset index {index} at position {i} is outside [0, {parent.Count}).");
            }

            map[i] = parent.SourceIndex(index);
            labels[i] = parent.labels[index];
        }

        Channels = parent.Channels;
        Height = parent.Height;
        Width = parent.Width;
        ClassCount = parent.ClassCount;
    }

    /// <summary>A short name for messages and records (e.g. "mnist/train").</summary>
    public string Name { get; }

    /// <summary>Number of images.</summary>
    public int Count => labels.Length;

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Number of classes; every label is in [0, ClassCount).</summary>
    public int ClassCount { get; }

    /// <summary>Bytes per image: Channels x Height x Width.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The labels in index order.</summary>
    public ReadOnlySpan<int> Labels => labels;

    /// <summary>The pixels of image <paramref name="index"/>, [Channels, Height, Width].</summary>
    public ReadOnlySpan<byte> Image(int index) => pixels.AsSpan(SourceIndex(index) * ImageSize, ImageSize);

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int Label(int index) => labels[index];

    /// <summary>The index of image <paramref name="index"/> in the dataset that owns the pixels (the root of a chain of subsets).</summary>
    public int SourceIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"ImageDataset {Name}: index is outside [0, {Count}).");
        }

        return map == null ? index : map[index];
    }

    /// <summary>The images at <paramref name="indices"/> (in that order), sharing this dataset's pixel storage.</summary>
    public ImageDataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return new ImageDataset(this, [.. indices], name ?? $"{Name}[subset]");
    }

    /// <summary>How many images each class has.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>Per-channel mean and standard deviation of the pixels scaled to [0, 1] (for <see cref="ChannelNormalization"/>).</summary>
    public ChannelNormalization ComputeNormalization()
    {
        var plane = Height * Width;
        var sums = new double[Channels];
        var squares = new double[Channels];
        for (var i = 0; i < Count; i++)
        {
            var image = Image(i);
            for (var c = 0; c < Channels; c++)
            {
                foreach (var b in image.Slice(c * plane, plane))
                {
                    var v = b / 255.0;
                    sums[c] += v;
                    squares[c] += v * v;
                }
            }
        }

        var n = (double)Count * plane;
        var mean = new float[Channels];
        var std = new float[Channels];
        for (var c = 0; c < Channels; c++)
        {
            var m = sums[c] / n;
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(Math.Max(squares[c] / n - (m * m), 0));
        }

        return new ChannelNormalization(mean, std);
    }

    public override string ToString() => $"{Name}: {Count} images [{Channels}, {Height}, {Width}], {ClassCount} classes";

    private static void CheckLabels(string name, int[] labels, int classCount)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"ImageDataset {name}: label {labels[i]} of image {i} is outside [0, {classCount}).");
            }
        }
    }
}

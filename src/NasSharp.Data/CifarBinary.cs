namespace NasSharp.Data;

/// <summary>
/// Loads the binary version of CIFAR-10 and CIFAR-100 (Krizhevsky 2009), raw or gzip. A CIFAR-10 record
/// is 1 label byte (0-9) then 3,072 pixel bytes: the red 32x32 plane, then green, then blue, each
/// row-major, which is already the [C, H, W] layout. A CIFAR-100 record has a coarse label byte (0-19)
/// and a fine label byte (0-99) before the pixels; the fine label is used. Several files (data_batch_1
/// .. data_batch_5) are concatenated in the order given.
/// </summary>
public static class CifarBinary
{
    /// <summary>Image side length.</summary>
    public const int Side = 32;

    /// <summary>Pixel bytes per record: 3 x 32 x 32.</summary>
    public const int PixelBytes = 3 * Side * Side;

    /// <summary>Loads and concatenates <paramref name="files"/>.</summary>
    public static ImageDataset Load(IReadOnlyList<string> files, bool cifar100, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("CifarBinary.Load: no files given.");
        }

        var parts = files.Select(f => ReadFile(f, cifar100)).ToList();
        var count = parts.Sum(p => p.Labels.Length);
        var pixels = new byte[(long)count * PixelBytes];
        var labels = new int[count];
        var offset = 0;
        foreach (var (partPixels, partLabels) in parts)
        {
            partPixels.CopyTo(pixels, (long)offset * PixelBytes);
            partLabels.CopyTo(labels, offset);
            offset += partLabels.Length;
        }

        var classCount = cifar100 ? 100 : 10;
        return new ImageDataset(name ?? (cifar100 ? "cifar100" : "cifar10"), pixels, labels, 3, Side, Side, classCount);
    }

    private static (byte[] Pixels, int[] Labels) ReadFile(string path, bool cifar100)
    {
        var labelBytes = cifar100 ? 2 : 1;
        var recordSize = labelBytes + PixelBytes;
        var classCount = cifar100 ? 100 : 10;
        var data = ReadAll(path);
        if (data.Length == 0 || data.Length % recordSize != 0)
        {
            var kind = cifar100 ? "CIFAR-100" : "CIFAR-10";
            throw new InvalidDataException($"{path}: truncated or not a {kind} binary batch: {data.Length} bytes is not a positive multiple of the {recordSize}-byte record ({data.Length / recordSize} whole records, {data.Length % recordSize} bytes left over).");
        }

        var count = data.Length / recordSize;
        var pixels = new byte[(long)count * PixelBytes];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var record = data.AsSpan(i * recordSize, recordSize);
            var label = record[labelBytes - 1];
            if (label >= classCount || (cifar100 && record[0] >= 20))
            {
                throw new InvalidDataException($"{path}: record {i} has label {label} (coarse {record[0]}), outside the label range; is this the right CIFAR variant?");
            }

            labels[i] = label;
            record[labelBytes..].CopyTo(pixels.AsSpan(i * PixelBytes, PixelBytes));
        }

        return (pixels, labels);
    }

    private static byte[] ReadAll(string path)
    {
        using var stream = DataFile.Open(path);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);

        return memory.ToArray();
    }
}

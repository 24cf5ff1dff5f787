using System.Buffers.Binary;

namespace NasSharp.Data;

/// <summary>
/// Loads images and labels in the IDX format of MNIST and Fashion-MNIST (LeCun et al.), raw or gzip
/// (detected by magic bytes). Images: big-endian int32 magic 0x00000803, count, rows, columns, then
/// count x rows x columns unsigned bytes. Labels: magic 0x00000801, count, then count bytes.
/// A wrong magic number, mismatched counts, a truncated or over-long file or an out-of-range label is an
/// <see cref="InvalidDataException"/> naming the file; nothing is loaded partially.
/// </summary>
public static class IdxDataset
{
    /// <summary>Magic number of an IDX file of unsigned bytes with three dimensions (images).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned bytes with one dimension (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Loads a one-channel image set; labels must lie in [0, <paramref name="classCount"/>).</summary>
    public static ImageDataset Load(string imagesPath, string labelsPath, int classCount = 10, string? name = null)
    {
        var (images, count, rows, columns) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath, classCount);
        if (labels.Length != count)
        {
            throw new InvalidDataException($"{imagesPath} holds {count} images but {labelsPath} holds {labels.Length} labels.");
        }

        return new ImageDataset(name ?? Path.GetFileName(imagesPath), images, labels, 1, rows, columns, classCount);
    }

    /// <summary>Reads an image file: the pixels ([count, rows, columns]) and the dimensions.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        using var stream = DataFile.Open(path);
        var header = ReadHeader(stream, path, ImagesMagic, 16, "images");
        var count = header[1];
        var rows = header[2];
        var columns = header[3];
        if (count < 0 || rows <= 0 || columns <= 0 || (long)count * rows * columns > Array.MaxLength)
        {
            throw new InvalidDataException($"{path}: implausible image header (count {count}, rows {rows}, columns {columns}).");
        }

        var pixels = new byte[count * rows * columns];
        var read = DataFile.ReadUpTo(stream, pixels);
        if (read < pixels.Length)
        {
            throw new InvalidDataException($"{path}: truncated: the header announces {count} images of {rows}x{columns} ({pixels.Length} pixel bytes) but the file holds only {read}.");
        }

        DataFile.ExpectEnd(stream, path, $"{count} images");
        return (pixels, count, rows, columns);
    }

    /// <summary>Reads a label file; every label must lie in [0, <paramref name="classCount"/>).</summary>
    public static int[] ReadLabels(string path, int classCount = 10)
    {
        using var stream = DataFile.Open(path);
        var count = ReadHeader(stream, path, LabelsMagic, 8, "labels")[1];
        if (count < 0)
        {
            throw new InvalidDataException($"{path}: negative label count {count} in the header.");
        }

        var bytes = new byte[count];
        var read = DataFile.ReadUpTo(stream, bytes);
        if (read < count)
        {
            throw new InvalidDataException($"{path}: truncated: the header announces {count} labels but the file holds only {read}.");
        }

        DataFile.ExpectEnd(stream, path, $"{count} labels");
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (bytes[i] >= classCount)
            {
                throw new InvalidDataException($"{path}: label {bytes[i]} of item {i} is outside [0, {classCount}).");
            }

            labels[i] = bytes[i];
        }

        return labels;
    }

    private static int[] ReadHeader(Stream stream, string path, int expectedMagic, int size, string what)
    {
        Span<byte> header = stackalloc byte[size];
        var read = DataFile.ReadUpTo(stream, header);
        if (read >= 4)
        {
            var magic = BinaryPrimitives.ReadInt32BigEndian(header);
            if (magic != expectedMagic)
            {
                throw new InvalidDataException($"{path}: wrong magic number 0x{magic:x8}; an IDX {what} file starts with 0x{expectedMagic:x8}.");
            }
        }

        if (read < size)
        {
            throw new InvalidDataException($"{path}: truncated: {read} bytes, shorter than the {size}-byte IDX {what} header.");
        }

        var values = new int[size / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32BigEndian(header[(i * 4)..]);
        }

        return values;
    }
}

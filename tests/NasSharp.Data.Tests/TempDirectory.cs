using System.Buffers.Binary;
using System.IO.Compression;

namespace NasSharp.Data.Tests;

/// <summary>A scratch directory for test files, deleted on dispose, with writers for the formats under test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nassharp-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="bytes"/>, gzip-compressed when <paramref name="gzip"/>; returns the full path.</summary>
    public string Write(string name, byte[] bytes, bool gzip = false)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (gzip)
        {
            using var file = System.IO.File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            System.IO.File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    public string WriteText(string name, string text, bool gzip = false) => Write(name, System.Text.Encoding.UTF8.GetBytes(text), gzip);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>An IDX image file: magic 0x803, count, rows, columns, then pixel i = (i * 7) mod 256.</summary>
    public static byte[] IdxImages(int count, int rows, int columns, int magic = 0x803)
    {
        var bytes = new byte[16 + (count * rows * columns)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (var i = 16; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i - 16) * 7);
        }

        return bytes;
    }

    /// <summary>An IDX label file: magic 0x801, count, then label i = i mod 10.</summary>
    public static byte[] IdxLabels(int count, int magic = 0x801)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (var i = 0; i < count; i++)
        {
            bytes[8 + i] = (byte)(i % 10);
        }

        return bytes;
    }

    /// <summary>CIFAR binary records: label(s), then 3072 pixels with pixel p of record r = (r + p) mod 256.</summary>
    public static byte[] CifarRecords(int count, bool cifar100, int labelOffset = 0)
    {
        var labelBytes = cifar100 ? 2 : 1;
        var size = labelBytes + 3072;
        var bytes = new byte[count * size];
        for (var r = 0; r < count; r++)
        {
            var record = bytes.AsSpan(r * size, size);
            if (cifar100)
            {
                record[0] = (byte)(r % 20);
                record[1] = (byte)((r * 37 + labelOffset) % 100);
            }
            else
            {
                record[0] = (byte)((r + labelOffset) % 10);
            }

            for (var p = 0; p < 3072; p++)
            {
                record[labelBytes + p] = (byte)(r + p);
            }
        }

        return bytes;
    }
}

using System.IO.Compression;
using System.Text;

namespace NasSharp.Data;

/// <summary>
/// Opens dataset files. Gzip is recognised by its magic bytes (1f 8b), not by the file name, so a
/// renamed or decompressed file still loads. Every error names the file.
/// </summary>
internal static class DataFile
{
    /// <summary>Opens <paramref name="path"/> for reading, transparently decompressing gzip.</summary>
    public static Stream Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found.", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false)
            : file;
    }

    /// <summary>A text reader over the (possibly gzip-compressed) file, UTF-8.</summary>
    public static StreamReader OpenText(string path) => new(Open(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

    /// <summary>
    /// Fills <paramref name="buffer"/> from <paramref name="stream"/>; returns how many bytes were read
    /// (fewer than the buffer only at the end of the data). Decompression errors name the file.
    /// </summary>
    public static int ReadUpTo(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: corrupt gzip data ({ex.Message}).", ex);
        }
    }

    /// <summary>Throws unless <paramref name="stream"/> is at its end (a file longer than its header says is malformed too).</summary>
    public static void ExpectEnd(Stream stream, string path, string what)
    {
        Span<byte> probe = stackalloc byte[1];
        if (ReadUpTo(stream, probe, path) != 0)
        {
            throw new InvalidDataException($"{path}: unexpected bytes after {what}; the file is longer than its header says.");
        }
    }
}

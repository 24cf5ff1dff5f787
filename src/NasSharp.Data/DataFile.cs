using System.Text;

namespace NasSharp.Data;

/// <summary>
/// Opens dataset files. Gzip is recognised by its magic bytes (1f 8b), not by the file name, so a
/// renamed or decompressed file still loads, and its trailer is checked (<see cref="GzipCheckedStream"/>)
/// so a truncated download is an error, not a shorter dataset. Every error names the file.
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

        DataFileWatch.Opened(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GzipCheckedStream(file, path)
            : file;
    }

    /// <summary>A text reader over the (possibly gzip-compressed) file, UTF-8.</summary>
    public static StreamReader OpenText(string path) => new(Open(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="stream"/>; returns how many bytes were read (fewer only at the end of the data).</summary>
    public static int ReadUpTo(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);

    /// <summary>Throws unless <paramref name="stream"/> is at its end (a file longer than its header says is malformed too).</summary>
    public static void ExpectEnd(Stream stream, string path, string what)
    {
        Span<byte> probe = stackalloc byte[1];
        if (ReadUpTo(stream, probe) != 0)
        {
            throw new InvalidDataException($"{path}: unexpected bytes after {what}; the file is longer than its header says.");
        }
    }
}

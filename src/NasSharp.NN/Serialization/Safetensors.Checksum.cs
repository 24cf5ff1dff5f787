using System.Security.Cryptography;
using System.Text;

namespace NasSharp.NN.Serialization;

/// <summary>
/// Checksums NasSharp writes into the safetensors <c>__metadata__</c> (string values, so PyTorch and the reference
/// reader still load the file) and verifies on load when present. Two SHA-256 digests, lower-case hex:
/// <list type="bullet">
/// <item><see cref="DataChecksumKey"/>: the data buffer (every byte after the header), so
/// <c>hashlib.sha256(raw[8 + n:]).hexdigest()</c> checks it from Python;</item>
/// <item><see cref="HeaderChecksumKey"/>: the header's meaning, so a flipped bit that still parses (another
/// tensor name, shape digit or metadata value) is caught too: for each tensor in ordinal name order its name, dtype,
/// shape and offsets, then every other metadata pair in ordinal key order, each string length-prefixed (the
/// encoding of <see cref="BinaryWriter.Write(string)"/>), numbers as 64-bit little-endian.</item>
/// </list>
/// A file without the keys (written by other tools) loads unverified. What a checksum cannot catch: a flip that
/// renames a checksum key itself, which then reads as a file without one.
/// </summary>
public static partial class Safetensors
{
    /// <summary>Metadata key of the SHA-256 of the data buffer.</summary>
    public const string DataChecksumKey = "nassharp_data_sha256";

    /// <summary>Metadata key of the SHA-256 of the tensor table and the other metadata.</summary>
    public const string HeaderChecksumKey = "nassharp_header_sha256";

    private static bool IsChecksumKey(string key) => key is DataChecksumKey or HeaderChecksumKey;

    private static string DataChecksum(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static string HeaderChecksum(IEnumerable<Entry> entries, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                writer.Write(entry.Name);
                writer.Write(entry.Dtype);
                writer.Write((long)entry.Shape.Length);
                foreach (var d in entry.Shape)
                {
                    writer.Write(d);
                }

                writer.Write(entry.Begin);
                writer.Write(entry.End);
            }

            foreach (var (key, value) in metadata.Where(kv => !IsChecksumKey(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.Write(key);
                writer.Write(value);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    /// <summary>Verifies whichever checksums the metadata holds, then removes them from it.</summary>
    private static void VerifyChecksums(List<Entry> entries, Dictionary<string, string> metadata, ReadOnlySpan<byte> buffer, string source)
    {
        if (metadata.TryGetValue(HeaderChecksumKey, out var header) && header != HeaderChecksum(entries, metadata))
        {
            throw Invalid(source, $"the header does not match its checksum ({HeaderChecksumKey}); the file is corrupt");
        }

        if (metadata.TryGetValue(DataChecksumKey, out var data) && data != DataChecksum(buffer))
        {
            throw Invalid(source, $"the tensor data does not match its checksum ({DataChecksumKey}); the file is corrupt");
        }

        metadata.Remove(HeaderChecksumKey);
        metadata.Remove(DataChecksumKey);
    }
}

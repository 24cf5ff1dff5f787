using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using NasSharp.Tensors;

namespace NasSharp.NN.Serialization;

/// <summary>
/// The safetensors format (Hugging Face, https://github.com/huggingface/safetensors), the format PyTorch and
/// Hugging Face checkpoints travel in: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON
/// <c>{"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}</c>
/// with offsets relative to the byte buffer after the header, then the tensors' little-endian bytes laid out
/// contiguously. Like the reference writer, this one puts the metadata first, orders tensors by name, and pads
/// the header with spaces to a multiple of 8 bytes. Only F32 is read and written (NasSharp tensors are float32).
/// The reader half is in Safetensors.Read.cs; the checksums NasSharp adds to the metadata in Safetensors.Checksum.cs.
/// </summary>
public static partial class Safetensors
{
    private const string MetadataKey = "__metadata__";

    /// <summary>
    /// Writes <paramref name="tensors"/> (e.g. <see cref="Module.StateDict"/>) and optional metadata to <paramref name="path"/>,
    /// with the checksums of Safetensors.Checksum.cs unless <paramref name="checksum"/> is false. The file is written to
    /// <c>path.tmp</c> and renamed over <paramref name="path"/>.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null, bool checksum = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = Serialize(tensors, metadata, checksum);

        // Atomic: a full disk or a kill mid-write leaves the old file (or none), never a truncated one.
        var temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The safetensors bytes of <paramref name="tensors"/> and optional metadata, with checksums unless <paramref name="checksum"/> is false.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null, bool checksum = true)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.ContainsKey(MetadataKey))
        {
            throw new ArgumentException($"Safetensors: '{MetadataKey}' is reserved and cannot name a tensor.", nameof(tensors));
        }

        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var entries = Entries(names, tensors);
        var data = new byte[entries.Count == 0 ? 0 : entries[^1].End];
        foreach (var entry in entries)
        {
            WriteLittleEndian(tensors[entry.Name].Data, data.AsSpan((int)entry.Begin, (int)(entry.End - entry.Begin)));
        }

        var allMetadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            allMetadata[key] = value;
        }

        allMetadata.Remove(DataChecksumKey);
        allMetadata.Remove(HeaderChecksumKey);
        if (checksum)
        {
            allMetadata[HeaderChecksumKey] = HeaderChecksum(entries, allMetadata);
            allMetadata[DataChecksumKey] = DataChecksum(data);
        }

        var header = Header(entries, allMetadata);
        var padding = (8 - (header.Length % 8)) % 8;
        var headerLength = header.Length + padding;
        var bytes = new byte[8 + headerLength + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        header.CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + header.Length, padding).Fill((byte)' ');
        data.CopyTo(bytes.AsSpan(8 + headerLength));
        return bytes;
    }

    /// <summary>The tensor table: F32, in name order, laid out back to back from offset 0.</summary>
    private static List<Entry> Entries(List<string> names, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var entries = new List<Entry>(names.Count);
        long begin = 0;
        foreach (var name in names)
        {
            var tensor = tensors[name];
            var end = begin + ((long)tensor.Count * sizeof(float));
            entries.Add(new Entry(name, "F32", Array.ConvertAll(tensor.Shape.ToArray(), d => (long)d), begin, end));
            begin = end;
        }

        return entries;
    }

    private static byte[] Header(List<Entry> entries, Dictionary<string, string> metadata)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            foreach (var entry in entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.Dtype);
                json.WriteStartArray("shape");
                foreach (var d in entry.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(entry.Begin);
                json.WriteNumberValue(entry.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteLittleEndian(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
            return;
        }

        for (var i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(i * sizeof(float))..], source[i]);
        }
    }
}

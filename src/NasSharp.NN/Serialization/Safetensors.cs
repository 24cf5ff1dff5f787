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
/// The reader half is in Safetensors.Read.cs.
/// </summary>
public static partial class Safetensors
{
    private const string MetadataKey = "__metadata__";

    /// <summary>Writes <paramref name="tensors"/> (e.g. <see cref="Module.StateDict"/>) and optional metadata to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllBytes(path, Serialize(tensors, metadata));
    }

    /// <summary>The safetensors bytes of <paramref name="tensors"/> and optional metadata.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.ContainsKey(MetadataKey))
        {
            throw new ArgumentException($"Safetensors: '{MetadataKey}' is reserved and cannot name a tensor.", nameof(tensors));
        }

        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var header = Header(names, tensors, metadata);
        var padding = (8 - (header.Length % 8)) % 8;
        var headerLength = header.Length + padding;
        var dataLength = names.Sum(n => (long)tensors[n].Count * sizeof(float));
        var bytes = new byte[8 + headerLength + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        header.CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + header.Length, padding).Fill((byte)' ');
        var offset = 8 + headerLength;
        foreach (var name in names)
        {
            var data = tensors[name].Data;
            WriteLittleEndian(data, bytes.AsSpan(offset, data.Length * sizeof(float)));
            offset += data.Length * sizeof(float);
        }

        return bytes;
    }

    private static byte[] Header(List<string> names, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long begin = 0;
            foreach (var name in names)
            {
                var tensor = tensors[name];
                var end = begin + ((long)tensor.Count * sizeof(float));
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in tensor.Shape.Dims)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(begin);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                begin = end;
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

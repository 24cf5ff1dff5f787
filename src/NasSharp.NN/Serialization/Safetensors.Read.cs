using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using NasSharp.Tensors;

namespace NasSharp.NN.Serialization;

/// <summary>The reader: validates the whole layout before creating a tensor, and names the file and the tensor in every error.</summary>
public static partial class Safetensors
{
    /// <summary>The reference implementation's header limit (100 MB); larger claims mean a corrupt or foreign file.</summary>
    private const ulong MaxHeaderLength = 100_000_000;

    private static readonly Dictionary<string, int> DtypeSizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E4M3"] = 1, ["F8_E5M2"] = 1, ["I16"] = 2, ["U16"] = 2, ["F16"] = 2,
        ["BF16"] = 2, ["I32"] = 4, ["U32"] = 4, ["F32"] = 4, ["F64"] = 8, ["I64"] = 8, ["U64"] = 8,
    };

    /// <summary>
    /// Reads a safetensors file. Tensors of a dtype other than F32 throw (naming the dtype), unless
    /// <paramref name="skipUnsupportedDtypes"/>: then they are left out, e.g. PyTorch's I64 <c>num_batches_tracked</c>.
    /// </summary>
    public static SafetensorsFile Load(string path, bool skipUnsupportedDtypes = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Deserialize(File.ReadAllBytes(path), path, skipUnsupportedDtypes);
    }

    /// <summary>Parses safetensors bytes; <paramref name="source"/> names them in error messages.</summary>
    public static SafetensorsFile Deserialize(ReadOnlyMemory<byte> bytes, string source = "<memory>", bool skipUnsupportedDtypes = false)
    {
        var headerLength = ReadHeaderLength(bytes.Span, source);
        var buffer = bytes[(8 + headerLength)..];
        var (entries, metadata) = ParseHeader(bytes.Slice(8, headerLength), source);
        CheckLayout(entries, buffer.Length, source);
        VerifyChecksums(entries, metadata, buffer.Span, source);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Dtype != "F32")
            {
                if (skipUnsupportedDtypes)
                {
                    continue;
                }

                throw Invalid(source, $"tensor '{entry.Name}' has dtype {entry.Dtype}; only F32 is supported (pass skipUnsupportedDtypes to leave such tensors out)");
            }

            tensors.Add(entry.Name, ToTensor(entry, buffer.Span[(int)entry.Begin..(int)entry.End], source));
        }

        return new SafetensorsFile(tensors, metadata);
    }

    private static int ReadHeaderLength(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 8)
        {
            throw Invalid(source, $"{bytes.Length} bytes is too short to hold the 8-byte header length");
        }

        var n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > MaxHeaderLength)
        {
            throw Invalid(source, $"header length {n} exceeds the limit of {MaxHeaderLength} bytes");
        }

        if (n > (ulong)(bytes.Length - 8))
        {
            throw Invalid(source, $"header length {n} runs past the end of the data ({bytes.Length} bytes in all; truncated?)");
        }

        return (int)n;
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(ReadOnlyMemory<byte> header, string source)
    {
        // JsonDocument accepts invalid UTF-8 inside strings and fails only when a name is read, with an
        // InvalidOperationException; the spec requires UTF-8, so refuse it up front.
        if (!System.Text.Unicode.Utf8.IsValid(header.Span))
        {
            throw Invalid(source, "the header is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw Invalid(source, $"the header is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(source, $"the header is a JSON {document.RootElement.ValueKind}, not an object");
            }

            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw Invalid(source, $"the header names '{property.Name}' twice");
                }

                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, source);
                }
                else
                {
                    entries.Add(ReadEntry(property.Name, property.Value, source));
                }
            }

            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(source, $"'{MetadataKey}' must be an object of strings");
        }

        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(source, $"metadata value '{item.Name}' is a {item.Value.ValueKind}, not a string");
            }

            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static Entry ReadEntry(string name, JsonElement element, string source)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || !element.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(source, $"tensor '{name}' needs \"dtype\" (string), \"shape\" (array) and \"data_offsets\" (array)");
        }

        var dims = shape.EnumerateArray().Select(d => ReadCount(d, name, "shape", source)).ToArray();
        var range = offsets.EnumerateArray().Select(o => ReadCount(o, name, "data_offsets", source)).ToArray();
        if (range.Length != 2)
        {
            throw Invalid(source, $"tensor '{name}' has {range.Length} data_offsets, expected [begin, end]");
        }

        var dtypeName = dtype.GetString()!;
        if (!DtypeSizes.TryGetValue(dtypeName, out var size))
        {
            throw Invalid(source, $"tensor '{name}' has unknown dtype '{dtypeName}'");
        }

        var expected = dims.Aggregate(1.0, (p, d) => p * d) * size;
        if (range[1] < range[0] || expected != range[1] - range[0])
        {
            throw Invalid(source, $"tensor '{name}' ({dtypeName}, shape [{string.Join(", ", dims)}]) needs {expected} bytes but data_offsets [{range[0]}, {range[1]}] give {range[1] - range[0]}");
        }

        return new Entry(name, dtypeName, dims, range[0], range[1]);
    }

    private static long ReadCount(JsonElement element, string name, string field, string source) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) && value >= 0
            ? value
            : throw Invalid(source, $"tensor '{name}': {field} must hold non-negative integers, found {element.GetRawText()}");

    /// <summary>The tensors must tile the byte buffer exactly: sorted by offset, each begins where the previous ends, the last ends at the buffer's end.</summary>
    private static void CheckLayout(List<Entry> entries, int bufferLength, string source)
    {
        long expected = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin != expected)
            {
                var what = entry.Begin < expected ? "overlaps the previous tensor" : "leaves a gap after the previous tensor";
                throw Invalid(source, $"tensor '{entry.Name}' at data_offsets [{entry.Begin}, {entry.End}] {what} (expected it to begin at {expected})");
            }

            if (entry.End > bufferLength)
            {
                throw Invalid(source, $"tensor '{entry.Name}' at data_offsets [{entry.Begin}, {entry.End}] runs past the end of the data buffer ({bufferLength} bytes; truncated?)");
            }

            expected = entry.End;
        }

        if (expected != bufferLength)
        {
            throw Invalid(source, $"the tensors cover {expected} bytes but the data buffer holds {bufferLength}");
        }
    }

    private static Tensor ToTensor(Entry entry, ReadOnlySpan<byte> bytes, string source)
    {
        if (entry.Shape.Length > TensorShape.MaxRank || entry.Shape.Any(d => d == 0))
        {
            throw Invalid(source, $"tensor '{entry.Name}' has shape [{string.Join(", ", entry.Shape)}]; NasSharp tensors have rank at most {TensorShape.MaxRank} and no empty dimension");
        }

        var tensor = Tensor.Persistent(new TensorShape(entry.Shape.Select(d => (int)d).ToArray()));
        var data = tensor.Data;
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(data));
        }
        else
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }
        }

        return tensor;
    }

    private static InvalidDataException Invalid(string source, string problem) => new($"Safetensors '{source}': {problem}.");

    private sealed record Entry(string Name, string Dtype, long[] Shape, long Begin, long End);
}

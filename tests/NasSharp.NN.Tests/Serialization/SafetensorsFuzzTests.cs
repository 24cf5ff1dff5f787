using System.Buffers.Binary;
using System.Text;
using NasSharp.NN.Serialization;
using NasSharp.Tensors;
using NasSharp.Testing;
using Xunit.Abstractions;

namespace NasSharp.NN.Tests.Serialization;

public class SafetensorsFuzzTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, Tensor> Tensors = new()
    {
        ["a"] = Tensor.RandomNormal(new Random(1), 0f, 1f, 2, 3),
        ["b.weight"] = Tensor.RandomNormal(new Random(2), 0f, 1f, 4),
    };

    [Fact]
    public void Deserialize_MutatedBytes_ReadsOrThrowsInvalidData()
    {
        var seeds = new[]
        {
            Safetensors.Serialize(Tensors, new Dictionary<string, string> { ["format"] = "pt" }),
            Safetensors.Serialize(Tensors, checksum: false),
        };
        Fuzz.Check(output, "safetensors bytes", Fuzz.ByteMutations(seeds), 1000, bytes => Safetensors.Deserialize(bytes, "f.safetensors"), typeof(InvalidDataException));
    }

    [Fact]
    public void Deserialize_MutatedHeaderJson_ReadsOrThrowsInvalidData()
    {
        // Edits of the JSON text with the length prefix kept right, so the JSON and layout checks are what is fuzzed.
        var plain = Safetensors.Serialize(Tensors, checksum: false);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(plain);
        var header = Encoding.UTF8.GetString(plain, 8, headerLength).TrimEnd(' ');
        var data = plain[(8 + headerLength)..];
        Fuzz.Check(output, "safetensors header", Fuzz.Mutations(header), 1000, text =>
        {
            var json = Encoding.UTF8.GetBytes(text);
            var bytes = new byte[8 + json.Length + data.Length];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
            json.CopyTo(bytes, 8);
            data.CopyTo(bytes, 8 + json.Length);
            var file = Safetensors.Deserialize(bytes);
            Assert.All(file.Tensors.Values, t => Assert.True(t.Count > 0));
        }, typeof(InvalidDataException));
    }
}

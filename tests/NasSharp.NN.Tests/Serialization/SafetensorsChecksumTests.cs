using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NasSharp.NN.Serialization;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Serialization;

public class SafetensorsChecksumTests
{
    private static Dictionary<string, Tensor> Tensors()
    {
        var random = new Random(11);
        return new Dictionary<string, Tensor>
        {
            ["conv.weight"] = Tensor.RandomNormal(random, 0f, 1f, 2, 3, 3, 3),
            ["conv.bias"] = Tensor.RandomNormal(random, 0f, 1f, 2),
        };
    }

    private static byte[] Bytes() => Safetensors.Serialize(Tensors(), new Dictionary<string, string> { ["arch"] = "|skip_connect~0|" });

    private static int HeaderEnd(byte[] bytes) => 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);

    [Fact]
    public void Serialize_ByDefault_StoresTheDataSha256AsAMetadataString()
    {
        var bytes = Bytes();
        var header = Encoding.UTF8.GetString(bytes, 8, HeaderEnd(bytes) - 8);
        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(HeaderEnd(bytes))));
        Assert.Contains($"\"{Safetensors.DataChecksumKey}\":\"{expected}\"", header);
        Assert.Contains($"\"{Safetensors.HeaderChecksumKey}\":\"", header);
    }

    [Fact]
    public void Deserialize_IntactFile_VerifiesAndHidesTheChecksumKeys()
    {
        var file = Safetensors.Deserialize(Bytes(), "model.safetensors");
        Assert.Equal(["arch"], file.Metadata.Keys);
        Assert.Equal(Tensors()["conv.weight"].ToArray(), file.Tensors["conv.weight"].ToArray());
    }

    [Fact]
    public void Load_OneBitFlippedInTheData_ThrowsNamingTheFile()
    {
        var bytes = Bytes();
        bytes[HeaderEnd(bytes) + 13] ^= 0x04;
        var path = Path.Combine(Path.GetTempPath(), $"nassharp-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        try
        {
            var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
            Assert.Contains(path, ex.Message);
            Assert.Contains(Safetensors.DataChecksumKey, ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Deserialize_AnyOneBitFlipInTheHeaderOutsideTheChecksumKeyNames_Throws()
    {
        // Every bit of the header: a flip breaks the JSON, the layout, or one of the two checksums. The only
        // exceptions are flips inside the checksum key names, which turn the file into one without a checksum.
        var bytes = Bytes();
        var header = Encoding.UTF8.GetString(bytes, 8, HeaderEnd(bytes) - 8);
        var keyBytes = new HashSet<int>();
        foreach (var key in new[] { Safetensors.DataChecksumKey, Safetensors.HeaderChecksumKey })
        {
            var at = 8 + header.IndexOf(key, StringComparison.Ordinal);
            keyBytes.UnionWith(Enumerable.Range(at, key.Length));
        }

        var checkedFlips = 0;
        for (var i = 8; i < HeaderEnd(bytes); i++)
        {
            if (keyBytes.Contains(i))
            {
                continue;
            }

            for (var bit = 0; bit < 8; bit++)
            {
                var corrupt = (byte[])bytes.Clone();
                corrupt[i] ^= (byte)(1 << bit);
                Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(corrupt, "m.safetensors"));
                checkedFlips++;
            }
        }

        Assert.True(checkedFlips > 1000, $"only {checkedFlips} flips checked");
    }

    [Fact]
    public void Deserialize_FileWithoutChecksum_LoadsUnverified()
    {
        var bytes = Safetensors.Serialize(Tensors(), checksum: false);
        bytes[HeaderEnd(bytes) + 1] ^= 0x01;
        Assert.Equal(2, Safetensors.Deserialize(bytes).Tensors.Count);
    }
}

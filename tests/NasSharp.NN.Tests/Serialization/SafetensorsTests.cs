using System.Buffers.Binary;
using System.Text;
using NasSharp.NN.Serialization;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Serialization;

public class SafetensorsTests
{
    // A file built by hand from the format's specification: 8-byte little-endian header length (141 bytes of JSON
    // padded with 3 spaces to 144 = 0x90), the JSON header, then a = [1, 2] and b = [[-0.5]] as little-endian F32.
    private const string SpecHeader = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}";

    private static byte[] SpecBytes() =>
    [
        0x90, 0, 0, 0, 0, 0, 0, 0,
        .. Encoding.UTF8.GetBytes(SpecHeader + "   "),
        0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40,
        0x00, 0x00, 0x00, 0xBF,
    ];

    private static byte[] Build(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private static Dictionary<string, Tensor> SpecTensors() => new()
    {
        ["b"] = Tensor.FromArray([-0.5f], 1, 1),
        ["a"] = Tensor.FromArray([1f, 2f], 2),
    };

    [Fact]
    public void Serialize_SpecExample_ProducesTheHandBuiltBytesExactly()
    {
        var bytes = Safetensors.Serialize(SpecTensors(), new Dictionary<string, string> { ["format"] = "pt" }, checksum: false);
        Assert.Equal(SpecBytes(), bytes);
    }

    [Fact]
    public void Deserialize_HandBuiltSpecBytes_ReadsTensorsShapesAndMetadata()
    {
        var file = Safetensors.Deserialize(SpecBytes());
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal([2], file.Tensors["a"].Shape.ToArray());
        Assert.Equal([1f, 2f], file.Tensors["a"].ToArray());
        Assert.Equal([1, 1], file.Tensors["b"].Shape.ToArray());
        Assert.Equal(-0.5f, file.Tensors["b"].Item());
    }

    [Fact]
    public void Serialize_HeaderLength_IsMultipleOfEightPaddedWithSpaces()
    {
        var bytes = Safetensors.Serialize(new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros(3) }, checksum: false);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, n);
        Assert.StartsWith("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", header);
        Assert.InRange(n - header.TrimEnd(' ').Length, 0, 7);
        Assert.Equal(8 + n + 12, bytes.Length);
    }

    [Fact]
    public void SaveLoad_RoundTrip_RestoresEveryValueAndScalar()
    {
        var random = new Random(3);
        var tensors = new Dictionary<string, Tensor>
        {
            ["layer.weight"] = Tensor.RandomNormal(random, 0f, 1f, 4, 3, 3, 3),
            ["layer.bias"] = Tensor.RandomNormal(random, 0f, 1f, 4),
            ["step"] = Tensor.Scalar(7f),
        };
        var path = Path.Combine(Path.GetTempPath(), $"nassharp-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, tensors, new Dictionary<string, string> { ["note"] = "ünïcode + <json>" });
            var file = Safetensors.Load(path);
            Assert.Equal("ünïcode + <json>", file.Metadata["note"]);
            foreach (var (name, tensor) in tensors)
            {
                Assert.Equal(tensor.Shape, file.Tensors[name].Shape);
                Assert.Equal(tensor.ToArray(), file.Tensors[name].ToArray());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Deserialize_Truncated_ThrowsNamingSourceAndTensor()
    {
        var bytes = SpecBytes().AsMemory(0, SpecBytes().Length - 2);
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(bytes, "model.safetensors"));
        Assert.Contains("model.safetensors", ex.Message);
        Assert.Contains("'b'", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Deserialize_ShorterThanHeaderLength_Throws() =>
        Assert.Contains("too short", Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(new byte[5])).Message);

    [Fact]
    public void Deserialize_HeaderLengthPastEnd_Throws() =>
        Assert.Contains("header length 144", Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(SpecBytes().AsMemory(0, 100))).Message);

    [Fact]
    public void Deserialize_InvalidJson_Throws() =>
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(Build("{\"a\":", 0))).Message);

    [Fact]
    public void Deserialize_OverlappingOffsets_ThrowsNamingTensor()
    {
        var bytes = Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(bytes));
        Assert.Contains("'b'", ex.Message);
        Assert.Contains("overlaps", ex.Message);
    }

    [Fact]
    public void Deserialize_GapBetweenTensors_Throws()
    {
        var bytes = Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
        Assert.Contains("gap", Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(bytes)).Message);
    }

    [Fact]
    public void Deserialize_TrailingUncoveredBytes_Throws()
    {
        var bytes = Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8);
        Assert.Contains("cover 4 bytes", Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(bytes)).Message);
    }

    [Fact]
    public void Deserialize_ShapeDisagreesWithOffsets_ThrowsNamingShapeAndBytes()
    {
        var bytes = Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(bytes));
        Assert.Contains("'w'", ex.Message);
        Assert.Contains("needs 12 bytes", ex.Message);
    }

    [Fact]
    public void Deserialize_OtherDtype_ThrowsNamingDtypeUnlessSkipped()
    {
        var bytes = Build("{\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12);
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Deserialize(bytes));
        Assert.Contains("I64", ex.Message);
        Assert.Contains("'n'", ex.Message);
        Assert.Equal(["w"], Safetensors.Deserialize(bytes, skipUnsupportedDtypes: true).Tensors.Keys);
    }

    [Fact]
    public void Serialize_ReservedMetadataName_Throws() =>
        Assert.Throws<ArgumentException>(() => Safetensors.Serialize(new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Zeros(1) }));
}

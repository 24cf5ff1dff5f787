using System.Buffers.Binary;
using Google.Protobuf;

namespace NasSharp.Onnx.Proto;

/// <summary>
/// Writes an ONNX ModelProto with Google.Protobuf's <see cref="CodedOutputStream"/>, message by message. The field
/// numbers are those of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto, IR version 8): ModelProto ir_version 1,
/// producer_name 2, producer_version 3, graph 7, opset_import 8, metadata_props 14; GraphProto node 1, name 2,
/// initializer 5, input 11, output 12; NodeProto input 1, output 2, name 3, op_type 4, attribute 5; AttributeProto
/// name 1, f 2, i 3, ints 8, type 20; TensorProto dims 1, data_type 2, name 8, raw_data 9; ValueInfoProto name 1,
/// type 2; TypeProto tensor_type 1; TypeProto.Tensor elem_type 1, shape 2; TensorShapeProto dim 1; Dimension
/// dim_value 1, dim_param 2; OperatorSetIdProto domain 1, version 2; StringStringEntryProto key 1, value 2.
/// Tensors go in raw_data (little-endian, as the spec requires), so weights are copied once.
/// </summary>
public static class OnnxModelWriter
{
    /// <summary>IR version 8 (ONNX 1.10+), the version that goes with opset 17 (onnx/docs/Versioning.md).</summary>
    public const long IrVersion = 8;

    /// <summary>The bytes of a model whose graph is <paramref name="graph"/>.</summary>
    public static byte[] Serialize(OnnxGraph graph, int opset, string producerVersion, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(IrVersion);
            WriteString(o, 2, "NasSharp");
            WriteString(o, 3, producerVersion);
            WriteMessage(o, 7, Graph(graph));
            WriteMessage(o, 8, Message(s =>
            {
                WriteString(s, 1, string.Empty);
                s.WriteTag(2, WireFormat.WireType.Varint);
                s.WriteInt64(opset);
            }));
            foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            {
                WriteMessage(o, 14, Message(s =>
                {
                    WriteString(s, 1, key);
                    WriteString(s, 2, value);
                }));
            }
        });
    }

    private static byte[] Graph(OnnxGraph graph) => Message(o =>
    {
        foreach (var node in graph.Nodes)
        {
            WriteMessage(o, 1, Node(node));
        }

        WriteString(o, 2, graph.Name);
        foreach (var initializer in graph.Initializers)
        {
            WriteMessage(o, 5, Tensor(initializer));
        }

        WriteMessage(o, 11, ValueInfo(graph.InputName, graph.InputShape));
        WriteMessage(o, 12, ValueInfo(graph.OutputName, graph.OutputShape));
    });

    private static byte[] Node(OnnxNode node) => Message(o =>
    {
        foreach (var input in node.Inputs)
        {
            WriteString(o, 1, input);
        }

        foreach (var output in node.Outputs)
        {
            WriteString(o, 2, output);
        }

        WriteString(o, 3, node.Name);
        WriteString(o, 4, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            WriteMessage(o, 5, Attribute(attribute));
        }
    });

    private static byte[] Attribute(OnnxAttributeProto a) => Message(o =>
    {
        WriteString(o, 1, a.Name);
        switch (a.Kind)
        {
            case OnnxAttributeKind.Float:
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(a.Real);
                break;
            case OnnxAttributeKind.Int:
                o.WriteTag(3, WireFormat.WireType.Varint);
                o.WriteInt64(a.Integer);
                break;
            default:
                // proto2 "repeated int64 ints = 8" without [packed]: one tag per element.
                foreach (var value in a.Integers)
                {
                    o.WriteTag(8, WireFormat.WireType.Varint);
                    o.WriteInt64(value);
                }

                break;
        }

        o.WriteTag(20, WireFormat.WireType.Varint);
        o.WriteEnum((int)a.Kind);
    });

    private static byte[] Tensor(OnnxInitializer t) => Message(o =>
    {
        foreach (var dim in t.Dims)
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(dim);
        }

        o.WriteTag(2, WireFormat.WireType.Varint);
        o.WriteInt32(t.DataType);
        WriteString(o, 8, t.Name);
        o.WriteTag(9, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(RawData(t)));
    });

    private static byte[] RawData(OnnxInitializer t)
    {
        if (t.Floats is { } floats)
        {
            var bytes = new byte[floats.Length * sizeof(float)];
            for (var i = 0; i < floats.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), floats[i]);
            }

            return bytes;
        }

        var integers = t.Integers ?? [];
        var raw = new byte[integers.Length * sizeof(long)];
        for (var i = 0; i < integers.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), integers[i]);
        }

        return raw;
    }

    /// <summary>A float tensor value; a null dimension is symbolic ("batch"), the dynamic batch axis.</summary>
    private static byte[] ValueInfo(string name, IReadOnlyList<long?> shape) => Message(o =>
    {
        WriteString(o, 1, name);
        WriteMessage(o, 2, Message(type => WriteMessage(type, 1, Message(tensor =>
        {
            tensor.WriteTag(1, WireFormat.WireType.Varint);
            tensor.WriteInt32(1);
            WriteMessage(tensor, 2, Message(dims =>
            {
                foreach (var dim in shape)
                {
                    WriteMessage(dims, 1, Message(d =>
                    {
                        if (dim is { } value)
                        {
                            d.WriteTag(1, WireFormat.WireType.Varint);
                            d.WriteInt64(value);
                        }
                        else
                        {
                            WriteString(d, 2, "batch");
                        }
                    }));
                }
            }));
        }))));
    });

    private static void WriteString(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    private static void WriteMessage(CodedOutputStream o, int field, byte[] message)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(message));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            write(output);
            output.Flush();
        }

        return stream.ToArray();
    }
}

namespace NasSharp.Onnx.Proto;

/// <summary>
/// One attribute of a node (ONNX's AttributeProto, onnx.proto): an integer, a list of integers or a float. The
/// operators NasSharp exports need no other kinds.
/// </summary>
public sealed record OnnxAttributeProto
{
    private OnnxAttributeProto(string name, OnnxAttributeKind kind, long integer, IReadOnlyList<long> integers, float real)
    {
        Name = name;
        Kind = kind;
        Integer = integer;
        Integers = integers;
        Real = real;
    }

    public string Name { get; }

    public OnnxAttributeKind Kind { get; }

    public long Integer { get; }

    public IReadOnlyList<long> Integers { get; }

    public float Real { get; }

    public static OnnxAttributeProto Int(string name, long value) => new(name, OnnxAttributeKind.Int, value, [], 0f);

    public static OnnxAttributeProto Ints(string name, params long[] values) => new(name, OnnxAttributeKind.Ints, 0, values, 0f);

    public static OnnxAttributeProto Float(string name, float value) => new(name, OnnxAttributeKind.Float, 0, [], value);
}

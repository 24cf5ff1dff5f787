namespace NasSharp.Onnx.Proto;

/// <summary>
/// A constant tensor of the graph (ONNX's TensorProto as an initializer): float32 weights, or int64 values for
/// shape-like operands (Reshape shapes, Pad amounts, Slice bounds). Exactly one of the arrays is set.
/// </summary>
public sealed record OnnxInitializer(string Name, IReadOnlyList<long> Dims, float[]? Floats, long[]? Integers)
{
    /// <summary>TensorProto.DataType: FLOAT = 1, INT64 = 7.</summary>
    public int DataType => Floats != null ? 1 : 7;
}

namespace NasSharp.Onnx.Proto;

/// <summary>The AttributeProto.AttributeType values NasSharp writes (their numbers are onnx.proto's).</summary>
public enum OnnxAttributeKind
{
    Float = 1,
    Int = 2,
    Ints = 7,
}

namespace NasSharp.Onnx.Proto;

/// <summary>One operator application (ONNX's NodeProto) in the default domain: inputs and outputs are value names.</summary>
public sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, string Name, IReadOnlyList<OnnxAttributeProto> Attributes);

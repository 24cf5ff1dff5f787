using NasSharp.Tensors;

namespace NasSharp.NN.Serialization;

/// <summary>The content of a safetensors file: tensors by name (persistent, in file order) and the free-form string metadata.</summary>
public sealed record SafetensorsFile(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>The outputs of an <see cref="Lstm"/>: the last layer's hidden state at every step [T, B, H], and the final state of every layer.</summary>
public sealed record LstmResult(Tensor Output, LstmState State);

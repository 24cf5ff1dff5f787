using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>The outputs of a <see cref="Gru"/>: the last layer's hidden state at every step [T, B, H], and every layer's final hidden state [layers, B, H].</summary>
public sealed record GruResult(Tensor Output, Tensor Hidden);

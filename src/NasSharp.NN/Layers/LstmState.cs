using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// The recurrent state of an LSTM: hidden h and cell c. For an <see cref="LstmCell"/> both are [B, H];
/// for a multi-layer <see cref="Lstm"/> both are [layers, B, H] (PyTorch's h_n and c_n).
/// </summary>
public sealed record LstmState(Tensor Hidden, Tensor Cell);

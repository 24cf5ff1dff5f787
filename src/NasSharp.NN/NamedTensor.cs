using NasSharp.Tensors;

namespace NasSharp.NN;

/// <summary>A tensor with its dotted path in a module tree, e.g. "cells.3.edges.2.conv.weight".</summary>
public readonly record struct NamedTensor(string Name, Tensor Tensor);

using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>1 / (1 + exp(-x)) elementwise.</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => Ops.Sigmoid(input);
}

using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>tanh(x) elementwise.</summary>
public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => Ops.Tanh(input);
}

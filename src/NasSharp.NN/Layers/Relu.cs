using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>max(0, x) elementwise (gradient 0 at x = 0, as PyTorch).</summary>
public sealed class Relu : Module
{
    public override Tensor Forward(Tensor input) => Ops.Relu(input);
}

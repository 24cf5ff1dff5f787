using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>Mean over the spatial axes: [N, C, H, W] -> [N, C] (PyTorch's AdaptiveAvgPool2d(1) followed by flatten).</summary>
public sealed class GlobalAvgPool2d : Module
{
    public override Tensor Forward(Tensor input) => Ops.GlobalAvgPool2d(input);
}

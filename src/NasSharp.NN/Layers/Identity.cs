using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>Returns its input unchanged (the NAS-Bench-201 and DARTS <c>skip_connect</c> at stride 1).</summary>
public sealed class Identity : Module
{
    public override Tensor Forward(Tensor input) => input;
}

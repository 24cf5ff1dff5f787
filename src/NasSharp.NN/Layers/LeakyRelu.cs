using System.Globalization;
using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>x for x &gt; 0, slope * x otherwise (PyTorch's default slope 0.01).</summary>
public sealed class LeakyRelu(float slope = 0.01f) : Module
{
    public float Slope { get; } = slope;

    public override Tensor Forward(Tensor input) => Ops.LeakyRelu(input, Slope);

    protected override string ExtraRepr() => "negative_slope=" + Slope.ToString(CultureInfo.InvariantCulture);
}

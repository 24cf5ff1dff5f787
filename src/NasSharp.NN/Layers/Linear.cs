using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// y = x W^T + b over the last axis: x [..., In] -> [..., Out]. Parameters "weight" [Out, In] and "bias" [Out]
/// (PyTorch's layout and names). Initialised as PyTorch's nn.Linear: weight and bias uniform in
/// [-1/sqrt(In), 1/sqrt(In)) (Kaiming-uniform with a = sqrt(5)).
/// </summary>
public sealed class Linear : Module
{
    public Linear(int inFeatures, int outFeatures, Random random, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inFeatures <= 0 || outFeatures <= 0)
        {
            throw new ArgumentException($"Linear: feature counts must be positive, got {inFeatures} -> {outFeatures}.");
        }

        var bound = Initialization.DefaultBound(inFeatures);
        Weight = RegisterParameter("weight", Parameter.Uniform(random, bound, outFeatures, inFeatures));
        Bias = bias ? RegisterParameter("bias", Parameter.Uniform(random, bound, outFeatures)) : null;
    }

    /// <summary>[Out, In].</summary>
    public Tensor Weight { get; }

    /// <summary>[Out], or null without bias.</summary>
    public Tensor? Bias { get; }

    public int InFeatures => Weight.Shape[1];

    public int OutFeatures => Weight.Shape[0];

    public override Tensor Forward(Tensor input) => Ops.Linear(input, Weight, Bias);

    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}{(Bias == null ? ", bias=False" : string.Empty)}";
}

using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// 2-D convolution over [N, Cin, H, W] with a square kernel. Parameters "weight" [Cout, Cin/groups, k, k]
/// and optional "bias" [Cout]. Initialised as PyTorch's nn.Conv2d: uniform in [-1/sqrt(fanIn), 1/sqrt(fanIn))
/// with fanIn = Cin/groups * k * k (Kaiming-uniform with a = sqrt(5)), for the bias too.
/// </summary>
public sealed class Conv2d : Module
{
    public Conv2d(int inChannels, int outChannels, int kernelSize, Random random, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || stride <= 0 || padding < 0 || dilation <= 0 || groups <= 0
            || inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"Conv2d: invalid configuration {inChannels} -> {outChannels}, kernel {kernelSize}, stride {stride}, padding {padding}, dilation {dilation}, groups {groups} (channels must be divisible by groups).");
        }

        var fanIn = inChannels / groups * kernelSize * kernelSize;
        var bound = Initialization.DefaultBound(fanIn);
        Weight = RegisterParameter("weight", Parameter.Uniform(random, bound, outChannels, inChannels / groups, kernelSize, kernelSize));
        Bias = bias ? RegisterParameter("bias", Parameter.Uniform(random, bound, outChannels)) : null;
        InChannels = inChannels;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
    }

    /// <summary>[Cout, Cin/groups, k, k].</summary>
    public Tensor Weight { get; }

    /// <summary>[Cout], or null without bias.</summary>
    public Tensor? Bias { get; }

    public int InChannels { get; }

    public int OutChannels => Weight.Shape[0];

    public int KernelSize => Weight.Shape[2];

    public int Stride { get; }

    public int Padding { get; }

    public int Dilation { get; }

    public int Groups { get; }

    public override Tensor Forward(Tensor input) => Ops.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    protected override string ExtraRepr() =>
        $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}, padding={Padding}"
        + (Dilation != 1 ? $", dilation={Dilation}" : string.Empty)
        + (Groups != 1 ? $", groups={Groups}" : string.Empty)
        + (Bias == null ? ", bias=False" : string.Empty);
}

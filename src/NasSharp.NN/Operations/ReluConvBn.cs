using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Operations;

/// <summary>
/// ReLU, convolution without bias, batch norm: NAS-Bench-201's <c>nor_conv_1x1</c> / <c>nor_conv_3x3</c>
/// (stride 1, same padding) and the DARTS cell preprocessing (1x1). Held in a child "op" = Sequential(Relu,
/// Conv2d, BatchNorm2d) as in both papers' code, so parameter names match theirs ("op.1.weight", "op.2.running_mean").
/// </summary>
public sealed class ReluConvBn : Module
{
    private readonly Sequential op;

    public ReluConvBn(int inChannels, int outChannels, int kernelSize, Random random, int stride = 1, int padding = -1, int dilation = 1, BatchNormOptions? batchNorm = null)
    {
        // Padding -1 means "same" for stride 1: dilation * (k - 1) / 2.
        var pad = padding >= 0 ? padding : dilation * (kernelSize - 1) / 2;
        op = RegisterModule("op", new Sequential(
            new Relu(),
            new Conv2d(inChannels, outChannels, kernelSize, random, stride, pad, dilation, bias: false),
            new BatchNorm2d(outChannels, batchNorm)));
    }

    /// <summary>The convolution (child "op.1").</summary>
    public Conv2d Conv => (Conv2d)op[1];

    /// <summary>The batch norm (child "op.2").</summary>
    public BatchNorm2d BatchNorm => (BatchNorm2d)op[2];

    public override Tensor Forward(Tensor input) => op.Forward(input);
}

using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Operations;

/// <summary>
/// DARTS's dilated convolution: ReLU, depthwise k x k conv with the given dilation (2 in the space) and stride,
/// pointwise 1x1 conv, BN. Child "op" = Sequential of the four layers, as in the DARTS code.
/// </summary>
public sealed class DilConv : Module
{
    private readonly Sequential op;

    public DilConv(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, Random random, BatchNormOptions? batchNorm = null)
    {
        op = RegisterModule("op", new Sequential(
            new Relu(),
            new Conv2d(inChannels, inChannels, kernelSize, random, stride, padding, dilation, groups: inChannels, bias: false),
            new Conv2d(inChannels, outChannels, 1, random, bias: false),
            new BatchNorm2d(outChannels, batchNorm)));
    }

    public override Tensor Forward(Tensor input) => op.Forward(input);
}

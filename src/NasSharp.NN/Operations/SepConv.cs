using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Operations;

/// <summary>
/// DARTS's separable convolution (Liu et al. 2019, after Chollet 2017): the block ReLU, depthwise k x k conv
/// (stride s), pointwise 1x1 conv, BN, applied twice (the second at stride 1, the first keeping Cin channels).
/// Child "op" = Sequential of the eight layers, as in the DARTS code ("op.1.weight" is the first depthwise kernel).
/// </summary>
public sealed class SepConv : Module
{
    private readonly Sequential op;

    public SepConv(int inChannels, int outChannels, int kernelSize, int stride, int padding, Random random, BatchNormOptions? batchNorm = null)
    {
        op = RegisterModule("op", new Sequential(
            new Relu(),
            new Conv2d(inChannels, inChannels, kernelSize, random, stride, padding, groups: inChannels, bias: false),
            new Conv2d(inChannels, inChannels, 1, random, bias: false),
            new BatchNorm2d(inChannels, batchNorm),
            new Relu(),
            new Conv2d(inChannels, inChannels, kernelSize, random, 1, padding, groups: inChannels, bias: false),
            new Conv2d(inChannels, outChannels, 1, random, bias: false),
            new BatchNorm2d(outChannels, batchNorm)));
    }

    public override Tensor Forward(Tensor input) => op.Forward(input);
}

using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Operations;

/// <summary>
/// DARTS's factorized reduce (halves H and W): ReLU, then two 1x1 stride-2 convolutions to Cout/2 channels each,
/// "conv_1" on the input and "conv_2" on the input shifted by one pixel right and down, concatenated on the
/// channel axis, then BN ("bn"). The shift drops the first row and column and pads one zero row and column at the
/// bottom and right (NAS-Bench-201's variant of DARTS's <c>x[:, :, 1:, 1:]</c>): identical for even sizes, and odd sizes
/// also work. Everything before the batch norm runs as one op, <see cref="Ops.FactorizedReduce"/> (bitwise the ReLU, pad,
/// convolutions and concatenation it replaces, without their copies of the input).
/// </summary>
public sealed class FactorizedReduce : Module
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d batchNorm;

    public FactorizedReduce(int inChannels, int outChannels, Random random, BatchNormOptions? batchNorm = null)
    {
        if (outChannels % 2 != 0)
        {
            throw new ArgumentException($"FactorizedReduce: the output channel count must be even, got {outChannels}.", nameof(outChannels));
        }

        conv1 = RegisterModule("conv_1", new Conv2d(inChannels, outChannels / 2, 1, random, stride: 2, bias: false));
        conv2 = RegisterModule("conv_2", new Conv2d(inChannels, outChannels / 2, 1, random, stride: 2, bias: false));
        this.batchNorm = RegisterModule("bn", new BatchNorm2d(outChannels, batchNorm));
    }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4)
        {
            throw new ArgumentException($"FactorizedReduce: input must be [N, C, H, W], got {input.Shape}.", nameof(input));
        }

        return batchNorm.Forward(Ops.FactorizedReduce(input, conv1.Weight, conv2.Weight));
    }
}

using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Operations;

/// <summary>
/// DARTS's factorized reduce (halves H and W): ReLU, then two 1x1 stride-2 convolutions to Cout/2 channels each,
/// "conv_1" on the input and "conv_2" on the input shifted by one pixel right and down, concatenated on the
/// channel axis, then BN ("bn"). The shift drops the first row and column and pads one zero row and column at the
/// bottom and right (one <see cref="Ops.Pad"/> with negative leading amounts; NAS-Bench-201's variant of DARTS's
/// <c>x[:, :, 1:, 1:]</c>): identical for even sizes, and odd sizes also work.
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

        var x = Ops.Relu(input);
        var shifted = Ops.Pad(x, [0, 0, -1, -1], [0, 0, 1, 1]);
        return batchNorm.Forward(Ops.Concat([conv1.Forward(x), conv2.Forward(shifted)], 1));
    }
}

using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Operations;

/// <summary>
/// The residual block between NAS-Bench-201's stages (Dong &amp; Yang 2020, section 2.1; ResNetBasicblock in
/// their code): "conv_a" = ReLU-conv3x3 stride 2-BN (Cin -> Cout), "conv_b" = ReLU-conv3x3-BN (Cout -> Cout),
/// shortcut "downsample" = 2x2 average pool stride 2 then 1x1 conv without bias; output conv_b(conv_a(x)) + shortcut(x).
/// Halves H and W, which must be even (as in the original, odd sizes give mismatched branches).
/// </summary>
public sealed class ResidualReductionBlock : Module
{
    private readonly ReluConvBn convA;
    private readonly ReluConvBn convB;
    private readonly Sequential downsample;

    public ResidualReductionBlock(int inChannels, int outChannels, Random random, BatchNormOptions? batchNorm = null)
    {
        convA = RegisterModule("conv_a", new ReluConvBn(inChannels, outChannels, 3, random, stride: 2, padding: 1, batchNorm: batchNorm));
        convB = RegisterModule("conv_b", new ReluConvBn(outChannels, outChannels, 3, random, batchNorm: batchNorm));
        downsample = RegisterModule("downsample", new Sequential(
            new AvgPool2d(2, 2),
            new Conv2d(inChannels, outChannels, 1, random, bias: false)));
    }

    public override Tensor Forward(Tensor input) => Ops.Add(convB.Forward(convA.Forward(input)), downsample.Forward(input));
}

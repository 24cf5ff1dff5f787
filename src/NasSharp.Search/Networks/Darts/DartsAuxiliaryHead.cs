using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Darts;

/// <summary>
/// DARTS's auxiliary classifier (AuxiliaryHeadCIFAR, after Szegedy et al. 2016), on the output of the second
/// reduction: ReLU, 5x5 average pool stride 3 (padded cells not counted), conv1x1 to 128 + BN + ReLU, conv to 768 +
/// BN + ReLU, linear. The second convolution is 2x2 on CIFAR's 8x8 maps (pooled to 2x2); on smaller maps its kernel
/// is the pooled side, so the head works for any input size (a deviation only where CIFAR's shapes do not apply).
/// </summary>
public sealed class DartsAuxiliaryHead : Module
{
    private readonly Sequential features;
    private readonly Linear classifier;

    public DartsAuxiliaryHead(int channels, int classes, int side, Random random)
    {
        var pool = Math.Min(5, side);
        var pooled = ((side - pool) / 3) + 1;
        features = RegisterModule("features", new Sequential(
            new Relu(),
            new AvgPool2d(pool, 3, 0, countIncludePad: false),
            new Conv2d(channels, 128, 1, random, bias: false),
            new BatchNorm2d(128),
            new Relu(),
            new Conv2d(128, 768, Math.Min(2, pooled), random, bias: false),
            new BatchNorm2d(768),
            new Relu()));
        classifier = RegisterModule("classifier", new Linear(768, classes, random));
    }

    public override Tensor Forward(Tensor input) => classifier.Forward(Ops.GlobalAvgPool2d(features.Forward(input)));
}

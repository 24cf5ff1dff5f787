using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Operations;

public class ResidualReductionBlockTests
{
    [Fact]
    public void Forward_DoublesChannelsAndHalvesResolution() =>
        Assert.Equal([2, 32, 4, 4], new ResidualReductionBlock(16, 32, new Random(1)).Forward(Tensor.Ones(2, 16, 8, 8)).Shape.ToArray());

    [Fact]
    public void Parameters_FollowPaperCodeNamesAndCounts()
    {
        var block = new ResidualReductionBlock(16, 32, new Random(1));
        var names = block.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(["conv_a.op.1.weight", "conv_a.op.2.weight", "conv_a.op.2.bias", "conv_b.op.1.weight", "conv_b.op.2.weight", "conv_b.op.2.bias", "downsample.1.weight"], names);

        // conv_a 32*16*9, conv_b 32*32*9, shortcut 1x1 32*16, two affine BNs of 32 channels.
        Assert.Equal((32 * 16 * 9) + (32 * 32 * 9) + (32 * 16) + (4 * 32), block.ParameterCount());
    }

    [Fact]
    public void Forward_EqualsResidualBranchPlusPooledProjectionShortcut()
    {
        var block = new ResidualReductionBlock(2, 4, new Random(1), BatchNormOptions.BatchStatistics);
        var x = Tensor.RandomUniform(new Random(2), -1f, 1f, 2, 2, 6, 6);
        var children = block.NamedChildren().ToDictionary(c => c.Name, c => c.Module);
        var branch = children["conv_b"].Forward(children["conv_a"].Forward(x));
        var shortcut = ((Conv2d)((Sequential)children["downsample"])[1]).Forward(Ops.AvgPool2d(x, 2, 2));
        TestTensors.Close(Ops.Add(branch, shortcut).ToArray(), block.Forward(x).Data);
    }
}

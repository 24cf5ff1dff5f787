using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class Conv2dTests
{
    [Fact]
    public void Parameters_ThreeToSixteenKernelThree_Has432WeightsAnd16Biases()
    {
        var conv = new Conv2d(3, 16, 3, new Random(1));
        Assert.Equal(432, conv.Weight.Count);
        Assert.Equal([16, 3, 3, 3], conv.Weight.Shape.ToArray());
        Assert.Equal(432 + 16, conv.ParameterCount());
        Assert.Equal(["weight", "bias"], conv.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Constructor_KaimingUniformBound_IsOneOverSqrtFanIn()
    {
        // fanIn = 3 * 3 * 3 = 27.
        var conv = new Conv2d(3, 16, 3, new Random(1));
        var bound = 1f / MathF.Sqrt(27f);
        Assert.All(conv.Weight.ToArray(), w => Assert.InRange(w, -bound, bound));
        Assert.Contains(conv.Weight.ToArray(), w => Math.Abs(w) > 0.9f * bound);
    }

    [Fact]
    public void Parameters_Depthwise_HaveOneInputChannelPerGroup()
    {
        var conv = new Conv2d(8, 8, 5, new Random(1), padding: 2, groups: 8, bias: false);
        Assert.Equal([8, 1, 5, 5], conv.Weight.Shape.ToArray());
        Assert.Null(conv.Bias);
    }

    [Fact]
    public void Forward_StrideTwoPaddingOne_HalvesResolution()
    {
        var conv = new Conv2d(3, 4, 3, new Random(1), stride: 2, padding: 1);
        Assert.Equal([2, 4, 4, 4], conv.Forward(Tensor.Ones(2, 3, 8, 8)).Shape.ToArray());
    }

    [Fact]
    public void Forward_OneByOneKnownWeights_MixesChannels()
    {
        var conv = new Conv2d(2, 1, 1, new Random(1));
        conv.Weight.Data[0] = 2f;
        conv.Weight.Data[1] = -1f;
        conv.Bias!.Data[0] = 0.5f;
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 2, 1, 2);
        Assert.Equal([2f - 3f + 0.5f, 4f - 4f + 0.5f], conv.Forward(x).ToArray());
    }

    [Fact]
    public void ToString_ShowsConfiguration() =>
        Assert.Equal("Conv2d(3, 16, kernel_size=3, stride=2, padding=2, dilation=2, bias=False)", new Conv2d(3, 16, 3, new Random(1), 2, 2, 2, bias: false).ToString());

    [Fact]
    public void Constructor_ChannelsNotDivisibleByGroups_Throws() =>
        Assert.Throws<ArgumentException>(() => new Conv2d(6, 4, 3, new Random(1), groups: 4));
}

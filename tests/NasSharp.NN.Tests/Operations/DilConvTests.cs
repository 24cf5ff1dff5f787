using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Operations;

public class DilConvTests
{
    [Fact]
    public void Parameters_DepthwiseDilatedThenPointwise()
    {
        var op = new DilConv(8, 8, 3, 1, 2, 2, new Random(1), BatchNormOptions.NonAffine);
        Assert.Equal((8 * 9) + (8 * 8), op.ParameterCount());
        Assert.Contains("dilation=2", op.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_FiveByFiveDilationTwoPaddingFour_KeepsResolution() =>
        Assert.Equal([1, 8, 7, 7], new DilConv(8, 8, 5, 1, 4, 2, new Random(1)).Forward(Tensor.Ones(1, 8, 7, 7)).Shape.ToArray());
}

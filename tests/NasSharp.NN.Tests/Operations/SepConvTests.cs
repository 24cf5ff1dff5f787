using NasSharp.NN.Layers;
using NasSharp.NN.Operations;

namespace NasSharp.NN.Tests.Operations;

public class SepConvTests
{
    [Fact]
    public void Parameters_TwoDepthwisePointwiseBatchNormBlocks()
    {
        var op = new SepConv(16, 16, 3, 1, 1, new Random(1));
        Assert.Equal(2 * ((16 * 9) + (16 * 16) + 32), op.ParameterCount());
        Assert.Equal(["op.1.weight", "op.2.weight", "op.3.weight", "op.3.bias", "op.5.weight", "op.6.weight", "op.7.weight", "op.7.bias"], op.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Parameters_NonAffine_HaveOnlyConvolutions() =>
        Assert.Equal(2 * ((16 * 25) + (16 * 16)), new SepConv(16, 16, 5, 2, 2, new Random(1), BatchNormOptions.NonAffine).ParameterCount());
}

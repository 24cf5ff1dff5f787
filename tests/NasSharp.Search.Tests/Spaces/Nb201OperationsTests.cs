using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Search.Spaces;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Spaces;

public class Nb201OperationsTests
{
    [Fact]
    public void NameParse_RoundTripInBenchmarkOrder()
    {
        Assert.Equal(["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"], Nb201Operations.All.Select(Nb201Operations.Name));
        Assert.All(Nb201Operations.All, op => Assert.Equal(op, Nb201Operations.Parse(Nb201Operations.Name(op))));
    }

    [Fact]
    public void Parse_UnknownName_ThrowsListingValidNames()
    {
        var ex = Assert.Throws<FormatException>(() => Nb201Operations.Parse("sep_conv_3x3"));
        Assert.Contains("nor_conv_3x3", ex.Message);
        Assert.False(Nb201Operations.TryParse(null, out _));
    }

    [Theory]
    [InlineData(Nb201Operation.None, typeof(Zero))]
    [InlineData(Nb201Operation.SkipConnect, typeof(Identity))]
    [InlineData(Nb201Operation.NorConv1x1, typeof(ReluConvBn))]
    [InlineData(Nb201Operation.NorConv3x3, typeof(ReluConvBn))]
    [InlineData(Nb201Operation.AvgPool3x3, typeof(AvgPool2d))]
    public void Create_EveryOperation_KeepsShapeWithExpectedModule(Nb201Operation operation, Type type)
    {
        var module = Nb201Operations.Create(operation, 4, BatchNormOptions.BatchStatistics, new Random(1));
        Assert.IsType(type, module);
        Assert.Equal([2, 4, 5, 5], module.Forward(Tensor.Ones(2, 4, 5, 5)).Shape.ToArray());
    }

    [Fact]
    public void Create_Conv3x3_HasNoBatchNormStateInSupernetMode()
    {
        var module = Nb201Operations.Create(Nb201Operation.NorConv3x3, 16, BatchNormOptions.BatchStatistics, new Random(1));
        Assert.Equal(["op.1.weight"], module.StateDict().Keys);
        Assert.Equal(16 * 16 * 9, module.ParameterCount());
    }

    [Fact]
    public void Create_AvgPool_DoesNotCountPadding()
    {
        var module = Nb201Operations.Create(Nb201Operation.AvgPool3x3, 1, BatchNormOptions.Default, new Random(1));
        var y = module.Forward(Tensor.FromArray([1f, 2f, 3f, 4f], 1, 1, 2, 2));
        Assert.All(y.ToArray(), v => Assert.Equal(2.5f, v, 5));
    }
}

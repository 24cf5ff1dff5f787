using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Spaces.Darts;

public class DartsOperationsTests
{
    [Fact]
    public void NameParse_RoundTripInPaperOrder()
    {
        Assert.Equal(
            ["none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"],
            DartsOperations.All.Select(DartsOperations.Name));
        Assert.All(DartsOperations.All, op => Assert.Equal(op, DartsOperations.Parse(DartsOperations.Name(op))));
        Assert.Throws<FormatException>(() => DartsOperations.Parse("nor_conv_3x3"));
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 4)]
    public void Create_EveryOperation_GivesStridedShape(int stride, int size)
    {
        foreach (var operation in DartsOperations.All)
        {
            var module = DartsOperations.Create(operation, 4, stride, BatchNormOptions.NonAffine, new Random(1));
            var y = module.Forward(Tensor.RandomUniform(new Random(2), -1f, 1f, 2, 4, 8, 8));
            Assert.True(y.Shape == new TensorShape(2, 4, size, size), $"{DartsOperations.Name(operation)} stride {stride}: {y.Shape}");
        }
    }

    [Fact]
    public void Create_SkipConnect_IsIdentityOrFactorizedReduce()
    {
        Assert.IsType<Identity>(DartsOperations.Create(DartsOperation.SkipConnect, 4, 1, BatchNormOptions.NonAffine, new Random(1)));
        Assert.IsType<FactorizedReduce>(DartsOperations.Create(DartsOperation.SkipConnect, 4, 2, BatchNormOptions.NonAffine, new Random(1)));
    }
}

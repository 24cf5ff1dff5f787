using NasSharp.NN.Operations;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Operations;

public class ZeroTests
{
    [Fact]
    public void Forward_StrideOne_ZerosOfInputShape()
    {
        var y = new Zero().Forward(Tensor.Ones(2, 3, 4, 4));
        Assert.Equal([2, 3, 4, 4], y.Shape.ToArray());
        Assert.All(y.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Forward_StrideTwo_SubsamplesRoundingUp() =>
        Assert.Equal([2, 3, 3, 4], new Zero(2).Forward(Tensor.Ones(2, 3, 5, 8)).Shape.ToArray());
}

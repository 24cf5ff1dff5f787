using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class AddTests
{
    [Theory]
    [InlineData(new[] { 3, 5 }, new[] { 3, 5 })]
    [InlineData(new[] { 2, 3, 4, 5 }, new int[0])]
    [InlineData(new[] { 2, 3, 4, 5 }, new[] { 1, 3, 1, 1 })]
    [InlineData(new[] { 2, 3, 7 }, new[] { 7 })]
    [InlineData(new[] { 1, 4 }, new[] { 3, 1 })]
    [InlineData(new[] { 2, 1, 3, 5, 17 }, new[] { 2, 4, 1, 5, 1 })]
    public void Add_BroadcastShapes_GradientsMatchFiniteDifferences(int[] a, int[] b) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Add(x[0], x[1]), OpAssert.RandomInputs(1, a, b));

    [Fact]
    public void Add_PerChannelBias_AddsChannelValueEverywhere()
    {
        var x = Tensor.Zeros(2, 3, 2, 2);
        var bias = Tensor.FromArray([1f, 2f, 3f], 1, 3, 1, 1);
        var y = NasSharp.Tensors.Ops.Add(x, bias);
        Assert.Equal(new[] { 2, 3, 2, 2 }, y.Shape.ToArray());
        Assert.Equal(2f, y.Data[(1 * 12) + (1 * 4) + 3]);
        Assert.Equal(3f, y.Data[(0 * 12) + (2 * 4) + 0]);
    }

    [Fact]
    public void Add_IncompatibleShapes_ThrowsNamingOpAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Add(Tensor.Zeros(2, 3), Tensor.Zeros(4, 3)));
        Assert.Contains("Add", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
    }
}

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class GlobalAvgPool2dTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 5, 7 })]
    [InlineData(new[] { 1, 1, 1, 1 })]
    [InlineData(new[] { 3, 2, 1, 9 })]
    public void GlobalAvgPool2d_Shapes_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.GlobalAvgPool2d(x[0]), OpAssert.RandomInputs(10, shape));

    [Fact]
    public void GlobalAvgPool2d_TwoChannels_AveragesEachPlane()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 10f, 20f, 30f, 40f], 1, 2, 2, 2);
        var y = NasSharp.Tensors.Ops.GlobalAvgPool2d(x);
        Assert.Equal(new[] { 1, 2 }, y.Shape.ToArray());
        Assert.Equal(new[] { 2.5f, 25f }, y.ToArray());
    }

    [Fact]
    public void GlobalAvgPool2d_NotFourDimensional_ThrowsNamingOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.GlobalAvgPool2d(Tensor.Zeros(2, 3)));
        Assert.Contains("GlobalAvgPool2d", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }
}

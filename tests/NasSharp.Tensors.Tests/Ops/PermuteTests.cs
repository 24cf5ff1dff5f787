using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class PermuteTests
{
    [Theory]
    [InlineData(new[] { 3, 5 }, new[] { 1, 0 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 0, 1 })]
    [InlineData(new[] { 2, 3, 5, 7 }, new[] { 0, 2, 3, 1 })]
    [InlineData(new[] { 2, 1, 3, 2, 3 }, new[] { 4, -2, 0, 2, 1 })]
    public void Permute_Shapes_GradientsMatchFiniteDifferences(int[] shape, int[] axes) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Permute(x[0], axes), OpAssert.RandomInputs(31, shape));

    [Fact]
    public void Permute_Transpose_SwapsRowsAndColumns()
    {
        var y = NasSharp.Tensors.Ops.Permute(Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3), 1, 0);
        Assert.Equal(new[] { 3, 2 }, y.Shape.ToArray());
        Assert.Equal(new[] { 1f, 4f, 2f, 5f, 3f, 6f }, y.ToArray());
    }

    [Fact]
    public void Permute_NchwToNhwc_MovesChannelsLast()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 1, 3, 2, 2);
        var y = NasSharp.Tensors.Ops.Permute(x, 0, 2, 3, 1);
        Assert.Equal(new[] { 1, 2, 2, 3 }, y.Shape.ToArray());
        Assert.Equal(new[] { 0f, 4f, 8f, 1f, 5f, 9f }, y.ToArray()[..6]);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 1 })]
    [InlineData(new[] { 0, 1 })]
    [InlineData(new[] { 0, 1, 3 })]
    public void Permute_BadAxes_ThrowsNamingOpAndShape(int[] axes)
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Permute(Tensor.Zeros(2, 3, 4), axes));
        Assert.Contains("Permute", ex.Message);
        Assert.Contains("[2, 3, 4]", ex.Message);
    }
}

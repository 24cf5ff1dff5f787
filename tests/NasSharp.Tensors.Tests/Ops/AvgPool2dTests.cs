using NasSharp.Kernels;
using NasSharp.Kernels.Reference;
using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class AvgPool2dTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 5, 7 }, 3, 2, 1, true)]
    [InlineData(new[] { 2, 3, 5, 7 }, 3, 2, 1, false)]
    [InlineData(new[] { 1, 2, 7, 5 }, 3, 1, 1, false)]
    [InlineData(new[] { 2, 3, 6, 6 }, 2, 2, 0, true)]
    [InlineData(new[] { 1, 1, 5, 7 }, 5, 2, 2, false)]
    public void AvgPool2d_Windows_GradientsMatchFiniteDifferences(int[] shape, int kernel, int stride, int padding, bool countIncludePad) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.AvgPool2d(x[0], kernel, stride, padding, countIncludePad), OpAssert.RandomInputs(6, shape));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AvgPool2d_PaddedStride2_MatchesReference(bool countIncludePad)
    {
        var x = OpAssert.RandomInputs(7, [2, 3, 5, 7])[0];
        var y = NasSharp.Tensors.Ops.AvgPool2d(x, 3, 2, 1, countIncludePad);
        var g = new Pool2dGeometry(2, 3, 5, 7, 3, 2, 1);
        var expected = new float[g.OutputLength];
        AveragePoolingReference.Forward(g, countIncludePad, x.Data, expected);
        Assert.Equal(new[] { 2, 3, 3, 4 }, y.Shape.ToArray());
        OpAssert.Close(expected, y.Data);
    }

    [Fact]
    public void AvgPool2d_2x2Stride2_AveragesEachBlock()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f], 1, 1, 4, 4);
        Assert.Equal(new[] { 3.5f, 5.5f, 11.5f, 13.5f }, NasSharp.Tensors.Ops.AvgPool2d(x, 2, 2).ToArray());
    }

    [Fact]
    public void AvgPool2d_NotFourDimensional_ThrowsNamingOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.AvgPool2d(Tensor.Zeros(3, 8, 8), 2, 2));
        Assert.Contains("AvgPool2d", ex.Message);
        Assert.Contains("[3, 8, 8]", ex.Message);
    }

    [Fact]
    public void AvgPool2d_PaddingOverHalfKernel_ThrowsNamingOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.AvgPool2d(Tensor.Zeros(1, 2, 8, 8), 3, 1, 2));
        Assert.Contains("AvgPool2d", ex.Message);
        Assert.Contains("[1, 2, 8, 8]", ex.Message);
        Assert.Contains("padding 2", ex.Message);
    }
}

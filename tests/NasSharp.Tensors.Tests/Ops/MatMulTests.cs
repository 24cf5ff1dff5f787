using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class MatMulTests
{
    [Theory]
    [InlineData(new[] { 3, 5 }, new[] { 5, 7 })]
    [InlineData(new[] { 1, 1 }, new[] { 1, 1 })]
    [InlineData(new[] { 9, 33 }, new[] { 33, 37 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 4, 5 })]
    [InlineData(new[] { 3, 5, 6 }, new[] { 6, 35 })]
    public void MatMul_Shapes_GradientsMatchFiniteDifferences(int[] a, int[] b) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.MatMul(x[0], x[1]), OpAssert.RandomInputs(2, a, b));

    [Fact]
    public void MatMul_SmallExample_MatchesHandComputedProduct()
    {
        var a = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var b = Tensor.FromArray([7f, 8f, 9f, 10f, 11f, 12f], 3, 2);
        var c = NasSharp.Tensors.Ops.MatMul(a, b);
        Assert.Equal(new[] { 58f, 64f, 139f, 154f }, c.ToArray());
    }

    [Fact]
    public void MatMul_InnerDimensionMismatch_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("MatMul", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
    }
}

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class SubtractTests
{
    [Theory]
    [InlineData(new[] { 3, 5 }, new[] { 3, 5 })]
    [InlineData(new[] { 2, 3, 4, 5 }, new int[0])]
    [InlineData(new[] { 2, 3, 4, 5 }, new[] { 1, 3, 1, 1 })]
    [InlineData(new[] { 7 }, new[] { 2, 3, 7 })]
    [InlineData(new[] { 1, 4 }, new[] { 3, 1 })]
    public void Subtract_BroadcastShapes_GradientsMatchFiniteDifferences(int[] a, int[] b) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Subtract(x[0], x[1]), OpAssert.RandomInputs(3, a, b));

    [Fact]
    public void Subtract_RowMinusColumn_BroadcastsBoth()
    {
        var row = Tensor.FromArray([10f, 20f, 30f], 1, 3);
        var column = Tensor.FromArray([1f, 2f], 2, 1);
        var y = NasSharp.Tensors.Ops.Subtract(row, column);
        Assert.Equal(new[] { 2, 3 }, y.Shape.ToArray());
        Assert.Equal(new[] { 9f, 19f, 29f, 8f, 18f, 28f }, y.ToArray());
    }

    [Fact]
    public void Subtract_SameTensorTwice_GradientCancels()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 3).WithGrad();
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Subtract(x, x)).Backward();
        Assert.Equal(new[] { 0f, 0f, 0f }, x.Grad!.ToArray());
    }

    [Fact]
    public void Subtract_IncompatibleShapes_ThrowsNamingOpAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Subtract(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)));
        Assert.Contains("Subtract", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }
}

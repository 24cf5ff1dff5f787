using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class SquareTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5, 17 })]
    public void Square_Shapes_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Square(x[0]), OpAssert.RandomInputs(15, shape));

    [Fact]
    public void Square_Values_AndGradientTwoX()
    {
        var x = Tensor.FromArray([-3f, 0.5f, 2f], 3).WithGrad();
        var y = NasSharp.Tensors.Ops.Square(x);
        Assert.Equal(new[] { 9f, 0.25f, 4f }, y.ToArray());
        NasSharp.Tensors.Ops.Sum(y).Backward();
        Assert.Equal(new[] { -6f, 1f, 4f }, x.Grad!.ToArray());
    }
}

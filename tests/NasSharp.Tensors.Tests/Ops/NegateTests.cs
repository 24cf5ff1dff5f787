using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class NegateTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5, 17 })]
    public void Negate_Shapes_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Negate(x[0]), OpAssert.RandomInputs(5, shape));

    [Fact]
    public void Negate_Values_FlipsSigns()
    {
        var y = NasSharp.Tensors.Ops.Negate(Tensor.FromArray([1f, -2f, 0f], 3));
        Assert.Equal(new[] { -1f, 2f, -0f }, y.ToArray());
    }
}

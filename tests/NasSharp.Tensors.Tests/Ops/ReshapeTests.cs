using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class ReshapeTests
{
    [Theory]
    [InlineData(new[] { 3, 5 }, new[] { 15 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 4, -1 })]
    [InlineData(new[] { 2, 3, 5, 7 }, new[] { 2, 105 })]
    [InlineData(new int[0], new[] { 1, 1 })]
    public void Reshape_Shapes_GradientsMatchFiniteDifferences(int[] shape, int[] target) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Reshape(x[0], target), OpAssert.RandomInputs(30, shape));

    [Fact]
    public void Reshape_IsViewOverSameStorage()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var y = NasSharp.Tensors.Ops.Reshape(x, 3, 2);
        Assert.Equal(new[] { 3, 2 }, y.Shape.ToArray());
        Assert.Equal(x.ToArray(), y.ToArray());
        x.Data[4] = 50f;
        Assert.Equal(50f, y.Data[4]);
    }

    [Fact]
    public void Reshape_MinusOne_InfersDimension()
    {
        var y = NasSharp.Tensors.Ops.Reshape(Tensor.Zeros(2, 3, 4), -1, 6);
        Assert.Equal(new[] { 4, 6 }, y.Shape.ToArray());
    }

    [Fact]
    public void Reshape_Gradient_FlowsElementForElement()
    {
        var x = Tensor.Zeros(2, 3).WithGrad();
        var weights = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 6);
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(NasSharp.Tensors.Ops.Reshape(x, 6), weights)).Backward();
        Assert.Equal(weights.ToArray(), x.Grad!.ToArray());
        Assert.Equal(new[] { 2, 3 }, x.Grad.Shape.ToArray());
    }

    [Theory]
    [InlineData(new[] { 4, 2 })]
    [InlineData(new[] { -1, -1 })]
    [InlineData(new[] { 0, 6 })]
    [InlineData(new[] { 4, -1 })]
    [InlineData(new[] { 1, 1, 1, 1, 2, 3 })]
    public void Reshape_BadShape_ThrowsNamingBothShapes(int[] target)
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Reshape(Tensor.Zeros(2, 3), target));
        Assert.Contains("Reshape", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains($"[{string.Join(", ", target)}]", ex.Message);
    }
}

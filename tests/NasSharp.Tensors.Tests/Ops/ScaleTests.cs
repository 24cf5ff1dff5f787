using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class ScaleTests
{
    [Theory]
    [InlineData(new int[0], 3f)]
    [InlineData(new[] { 7 }, -0.5f)]
    [InlineData(new[] { 2, 3, 5, 3 }, 2.5f)]
    public void Scale_Shapes_GradientsMatchFiniteDifferences(int[] shape, float factor) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Scale(x[0], factor), OpAssert.RandomInputs(6, shape));

    [Fact]
    public void Scale_Values_MultiplyByFactor()
    {
        var x = Tensor.FromArray([1f, -2f, 4f], 3).WithGrad();
        var y = NasSharp.Tensors.Ops.Scale(x, 0.5f);
        Assert.Equal(new[] { 0.5f, -1f, 2f }, y.ToArray());
        NasSharp.Tensors.Ops.Sum(y).Backward();
        Assert.Equal(new[] { 0.5f, 0.5f, 0.5f }, x.Grad!.ToArray());
    }
}

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class AddScalarTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 1, 5, 17 })]
    public void AddScalar_Shapes_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.AddScalar(x[0], 1.5f), OpAssert.RandomInputs(7, shape));

    [Fact]
    public void AddScalar_Values_AddConstant()
    {
        var y = NasSharp.Tensors.Ops.AddScalar(Tensor.FromArray([1f, -2f], 2), 3f);
        Assert.Equal(new[] { 4f, 1f }, y.ToArray());
    }
}

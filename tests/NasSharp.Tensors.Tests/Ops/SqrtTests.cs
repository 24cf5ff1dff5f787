using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class SqrtTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5, 17 })]
    public void Sqrt_PositiveInputs_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Sqrt(x[0]), Tensor.RandomUniform(new Random(14), 0.5f, 3f, shape));

    [Fact]
    public void Sqrt_Values_MatchDefinition()
    {
        var x = Tensor.FromArray([0f, 1f, 4f, 2f, 0.25f], 5).WithGrad();
        var y = NasSharp.Tensors.Ops.Sqrt(x);
        OpAssert.Close([0f, 1f, 2f, MathF.Sqrt(2f), 0.5f], y.Data);
        NasSharp.Tensors.Ops.Sum(y).Backward();
        Assert.Equal(float.PositiveInfinity, x.Grad!.Data[0]);
        OpAssert.Close([0.5f, 0.25f, 0.5f / MathF.Sqrt(2f), 1f], x.Grad.Data[1..]);
    }
}

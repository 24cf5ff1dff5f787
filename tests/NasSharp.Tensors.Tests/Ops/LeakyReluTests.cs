using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class LeakyReluTests
{
    [Theory]
    [InlineData(new int[0], 0.01f)]
    [InlineData(new[] { 7 }, 0.2f)]
    [InlineData(new[] { 3, 5, 17 }, 0.1f)]
    public void LeakyRelu_Shapes_GradientsMatchFiniteDifferences(int[] shape, float slope) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.LeakyRelu(x[0], slope), ReluTests.AwayFromZero(9, shape));

    [Fact]
    public void LeakyRelu_Values_ScaleNegativesBySlope()
    {
        var x = Tensor.FromArray([-2f, 0f, 3f], 3).WithGrad();
        var y = NasSharp.Tensors.Ops.LeakyRelu(x, 0.1f);
        OpAssert.Close([-0.2f, 0f, 3f], y.Data);
        NasSharp.Tensors.Ops.Sum(y).Backward();
        Assert.Equal(new[] { 0.1f, 0.1f, 1f }, x.Grad!.ToArray()); // slope at the kink, as PyTorch
    }

    [Fact]
    public void LeakyRelu_DefaultSlope_IsOneHundredth()
    {
        var y = NasSharp.Tensors.Ops.LeakyRelu(Tensor.FromArray([-5f], 1));
        OpAssert.Close([-0.05f], y.Data);
    }
}

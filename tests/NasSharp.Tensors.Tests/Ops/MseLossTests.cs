using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class MseLossTests
{
    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5 })]
    [InlineData(new[] { 2, 3, 3, 5 })]
    public void MseLoss_Shapes_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.MseLoss(x[0], x[1]), OpAssert.RandomInputs(11, shape, shape));

    [Fact]
    public void MseLoss_SmallExample_MatchesHandComputedValueAndGradient()
    {
        var prediction = Tensor.FromArray([1f, 2f, 3f], 3).WithGrad();
        var target = Tensor.FromArray([0f, 2f, 5f], 3);
        var loss = NasSharp.Tensors.Ops.MseLoss(prediction, target);
        Assert.Equal(5f / 3f, loss.Item(), 6);
        loss.Backward();
        OpAssert.Close([2f / 3f, 0f, -4f / 3f], prediction.Grad!.Data);
    }

    [Fact]
    public void MseLoss_TargetWithoutRequiresGrad_GetsNoGradient()
    {
        var prediction = Tensor.FromArray([1f, 2f], 2).WithGrad();
        var target = Tensor.FromArray([0f, 0f], 2);
        NasSharp.Tensors.Ops.MseLoss(prediction, target).Backward();
        Assert.Null(target.Grad);
        Assert.NotNull(prediction.Grad);
    }

    [Fact]
    public void MseLoss_ShapeMismatch_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.MseLoss(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));
        Assert.Contains("MseLoss", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[3, 2]", ex.Message);
    }
}

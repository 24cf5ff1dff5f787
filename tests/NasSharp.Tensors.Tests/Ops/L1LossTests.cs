using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class L1LossTests
{
    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5 })]
    [InlineData(new[] { 2, 3, 3, 5 })]
    public void L1Loss_Shapes_GradientsMatchFiniteDifferences(int[] shape)
    {
        // Keep |prediction - target| >= 0.1 so no finite-difference step crosses the kink at 0.
        var prediction = OpAssert.RandomInputs(12, shape)[0];
        var offsets = Tensor.RandomUniform(new Random(13), 0.1f, 1f, shape).ToArray();
        var signs = new Random(14);
        var target = Tensor.FromArray(prediction.ToArray().Select((p, i) => p + (signs.Next(2) == 0 ? offsets[i] : -offsets[i])).ToArray(), shape);
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.L1Loss(x[0], x[1]), prediction, target);
    }

    [Fact]
    public void L1Loss_SmallExample_MatchesHandComputedValueAndZeroGradientAtEquality()
    {
        var prediction = Tensor.FromArray([1f, 2f, 3f], 3).WithGrad();
        var target = Tensor.FromArray([0f, 2f, 5f], 3).WithGrad();
        var loss = NasSharp.Tensors.Ops.L1Loss(prediction, target);
        Assert.Equal(1f, loss.Item(), 6);
        loss.Backward();
        OpAssert.Close([1f / 3f, 0f, -1f / 3f], prediction.Grad!.Data);
        OpAssert.Close([-1f / 3f, 0f, 1f / 3f], target.Grad!.Data);
    }

    [Fact]
    public void L1Loss_ShapeMismatch_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.L1Loss(Tensor.Zeros(4), Tensor.Zeros(2, 2)));
        Assert.Contains("L1Loss", ex.Message);
        Assert.Contains("[4]", ex.Message);
        Assert.Contains("[2, 2]", ex.Message);
    }
}

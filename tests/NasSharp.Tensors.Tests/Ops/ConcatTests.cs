using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class ConcatTests
{
    [Theory]
    [InlineData(0, new[] { 2, 3 }, new[] { 5, 3 })]
    [InlineData(1, new[] { 2, 3, 4, 5 }, new[] { 2, 1, 4, 5 })]
    [InlineData(-1, new[] { 3, 7 }, new[] { 3, 1 })]
    [InlineData(2, new[] { 2, 3, 5 }, new[] { 2, 3, 2 })]
    public void Concat_TwoInputs_GradientsMatchFiniteDifferences(int axis, int[] a, int[] b) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Concat(x, axis), OpAssert.RandomInputs(32, a, b));

    [Fact]
    public void Concat_ThreeInputsSharingOne_GradientsMatchFiniteDifferences() =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Concat([x[0], x[1], x[0]], 1), OpAssert.RandomInputs(33, [2, 3, 3], [2, 5, 3]));

    [Fact]
    public void Concat_Channels_StacksInOrder()
    {
        var a = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var b = Tensor.FromArray([5f, 6f], 2, 1);
        var y = NasSharp.Tensors.Ops.Concat([a, b], 1);
        Assert.Equal(new[] { 2, 3 }, y.Shape.ToArray());
        Assert.Equal(new[] { 1f, 2f, 5f, 3f, 4f, 6f }, y.ToArray());
        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 1f, 2f, 3f, 4f }, NasSharp.Tensors.Ops.Concat([a, a], 0).ToArray());
    }

    [Fact]
    public void Concat_MismatchedShapes_ThrowsNamingAllShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(4, 3)], 1));
        Assert.Contains("Concat", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 3, 1)], 0));
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Concat([], 0));
    }
}

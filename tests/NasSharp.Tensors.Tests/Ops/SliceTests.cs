using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class SliceTests
{
    [Theory]
    [InlineData(new[] { 7 }, 0, 2, 3)]
    [InlineData(new[] { 5, 3 }, 0, 1, 3)]
    [InlineData(new[] { 3, 5 }, 1, 4, 1)]
    [InlineData(new[] { 2, 5, 3, 3 }, 1, 1, 3)]
    [InlineData(new[] { 2, 3, 7 }, -1, 0, 7)]
    public void Slice_Ranges_GradientsMatchFiniteDifferences(int[] shape, int axis, int start, int length) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Slice(x[0], axis, start, length), OpAssert.RandomInputs(34, shape));

    [Fact]
    public void Slice_Columns_CopiesRange()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], 2, 4).WithGrad();
        var y = NasSharp.Tensors.Ops.Slice(x, 1, 1, 2);
        Assert.Equal(new[] { 2, 2 }, y.Shape.ToArray());
        Assert.Equal(new[] { 2f, 3f, 6f, 7f }, y.ToArray());
        NasSharp.Tensors.Ops.Sum(y).Backward();
        Assert.Equal(new[] { 0f, 1f, 1f, 0f, 0f, 1f, 1f, 0f }, x.Grad!.ToArray());
    }

    [Theory]
    [InlineData(1, 3, 2)]
    [InlineData(1, -1, 2)]
    [InlineData(1, 0, 0)]
    [InlineData(2, 0, 1)]
    public void Slice_OutOfRange_ThrowsNamingOpAndShape(int axis, int start, int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Slice(Tensor.Zeros(2, 4), axis, start, length));
        Assert.Contains("Slice", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }
}

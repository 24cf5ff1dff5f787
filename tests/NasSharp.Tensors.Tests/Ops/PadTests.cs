using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class PadTests
{
    [Theory]
    [InlineData(new[] { 5 }, new[] { 2 }, new[] { 1 })]
    [InlineData(new[] { 3, 4 }, new[] { 0, 1 }, new[] { 2, 0 })]
    [InlineData(new[] { 2, 3, 5, 5 }, new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 1 })]
    [InlineData(new[] { 2, 1, 3 }, new[] { 1, 2, 0 }, new[] { 0, 1, 3 })]
    [InlineData(new[] { 2, 3, 5, 5 }, new[] { 0, 0, -1, -1 }, new[] { 0, 0, 1, 1 })]
    [InlineData(new[] { 3, 4 }, new[] { -1, 2 }, new[] { 1, -2 })]
    public void Pad_Amounts_GradientsMatchFiniteDifferences(int[] shape, int[] before, int[] after) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Pad(x[0], before, after, 0.5f), OpAssert.RandomInputs(36, shape));

    [Fact]
    public void Pad_Image_SurroundsWithValue()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        var y = NasSharp.Tensors.Ops.Pad(x, [0, 0, 1, 0], [0, 0, 0, 1], -1f);
        Assert.Equal(new[] { 1, 1, 3, 3 }, y.Shape.ToArray());
        Assert.Equal(new[] { -1f, -1f, -1f, 1f, 2f, -1f, 3f, 4f, -1f }, y.ToArray());
    }

    [Fact]
    public void Pad_ZeroAmounts_CopiesInput()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 3);
        Assert.Equal(x.ToArray(), NasSharp.Tensors.Ops.Pad(x, [0], [0]).ToArray());
    }

    [Fact]
    public void Pad_NegativeAmounts_CropThatSideAsPyTorch()
    {
        // F.pad(torch.arange(1., 10.).reshape(1, 1, 3, 3), (-1, 1, -1, 1)) is [[5, 6, 0], [8, 9, 0], [0, 0, 0]].
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], 1, 1, 3, 3);
        var y = NasSharp.Tensors.Ops.Pad(x, [0, 0, -1, -1], [0, 0, 1, 1]);
        Assert.Equal(new[] { 1, 1, 3, 3 }, y.Shape.ToArray());
        Assert.Equal(new[] { 5f, 6f, 0f, 8f, 9f, 0f, 0f, 0f, 0f }, y.ToArray());
        Assert.Equal(new[] { 2f, 3f }, NasSharp.Tensors.Ops.Pad(Tensor.FromArray([1f, 2f, 3f, 4f], 4), [-1], [-1]).ToArray());
    }

    [Fact]
    public void Pad_ShiftOfFactorizedReduce_EqualsPadThenSlices()
    {
        var x = OpAssert.RandomInputs(7, [2, 3, 6, 5])[0];
        var shifted = NasSharp.Tensors.Ops.Pad(x, [0, 0, -1, -1], [0, 0, 1, 1]);
        var padded = NasSharp.Tensors.Ops.Pad(x, [0, 0, 0, 0], [0, 0, 1, 1]);
        var sliced = NasSharp.Tensors.Ops.Slice(NasSharp.Tensors.Ops.Slice(padded, 2, 1, 6), 3, 1, 5);
        Assert.Equal(sliced.Shape.ToArray(), shifted.Shape.ToArray());
        Assert.Equal(sliced.ToArray(), shifted.ToArray());
    }

    [Theory]
    [InlineData(new[] { 1 }, new[] { 1 })]
    [InlineData(new[] { 1, -2 }, new[] { 0, -1 })]
    [InlineData(new[] { -2, 0 }, new[] { 0, 0 })]
    public void Pad_BadAmounts_ThrowsNamingOpAndShape(int[] before, int[] after)
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Pad(Tensor.Zeros(2, 3), before, after));
        Assert.Contains("Pad", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }
}

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class MeanTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5, 17 })]
    public void Mean_All_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Mean(x[0]), OpAssert.RandomInputs(23, shape));

    [Theory]
    [MemberData(nameof(SumAxesTests.Cases), MemberType = typeof(SumAxesTests))]
    public void Mean_Axes_GradientsMatchFiniteDifferences(int[] shape, int[] axes, bool keepDims) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Mean(x[0], axes, keepDims), OpAssert.RandomInputs(24, shape));

    [Theory]
    [MemberData(nameof(SumAxesTests.Cases), MemberType = typeof(SumAxesTests))]
    public void Mean_Axes_EqualNaiveSumOverCount(int[] shape, int[] axes, bool keepDims)
    {
        var x = OpAssert.RandomInputs(25, shape)[0];
        var count = axes.Select(a => shape[(a + shape.Length) % shape.Length]).Aggregate(1, (a, b) => a * b);
        var expected = SumAxesTests.NaiveSum(x, axes).Select(s => s / count).ToArray();
        OpAssert.Close(expected, NasSharp.Tensors.Ops.Mean(x, axes, keepDims).Data, 1e-5f);
    }

    [Fact]
    public void Mean_PerChannelOfNchw_AveragesOverBatchAndPixels()
    {
        // Channel c holds the value c + 1 everywhere, plus +-1 alternating over the batch.
        var x = Tensor.Zeros(2, 3, 2, 2);
        for (var i = 0; i < x.Count; i++)
        {
            x.Data[i] = (i / 4 % 3) + 1 + (i / 12 == 0 ? 1f : -1f);
        }

        var mean = NasSharp.Tensors.Ops.Mean(x, [0, 2, 3], keepDims: true);
        Assert.Equal(new[] { 1, 3, 1, 1 }, mean.Shape.ToArray());
        OpAssert.Close([1f, 2f, 3f], mean.Data);
        Assert.Equal(2f, NasSharp.Tensors.Ops.Mean(x).Item());
    }

    [Fact]
    public void Mean_Gradient_IsOneOverCount()
    {
        var x = Tensor.Zeros(4, 5).WithGrad();
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Mean(x, [1])).Backward();
        Assert.All(x.Grad!.ToArray(), g => Assert.Equal(0.2f, g));
    }

    [Fact]
    public void Mean_BadAxis_ThrowsNamingOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Mean(Tensor.Zeros(2, 3, 4), [-4]));
        Assert.Contains("Mean", ex.Message);
        Assert.Contains("[2, 3, 4]", ex.Message);
    }
}

using NasSharp.Kernels;
using NasSharp.Kernels.Reference;
using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class SoftmaxTests
{
    [Theory]
    [InlineData(new[] { 7 }, -1)]
    [InlineData(new[] { 3, 5 }, -1)]
    [InlineData(new[] { 3, 5 }, 0)]
    [InlineData(new[] { 2, 3, 5 }, 1)]
    [InlineData(new[] { 2, 5, 3, 3 }, 1)]
    [InlineData(new[] { 4, 1 }, 1)]
    public void Softmax_Shapes_GradientsMatchFiniteDifferences(int[] shape, int axis) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Softmax(x[0], axis), OpAssert.RandomInputs(3, shape));

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void Softmax_AnyAxis_MatchesScalarReference(int axis)
    {
        var x = Tensor.RandomNormal(new Random(4), 0f, 3f, 3, 17, 5);
        var a = x.Shape.NormalizeAxis(axis, "test");
        var layout = new SoftmaxLayout(x.Shape.CountBetween(0, a), x.Shape[a], x.Shape.CountBetween(a + 1, 3));
        var expected = new float[x.Count];
        SoftmaxReference.Forward(layout, x.Data, expected);
        OpAssert.Close(expected, NasSharp.Tensors.Ops.Softmax(x, axis).Data);
    }

    [Fact]
    public void Softmax_HugeLogits_StaysFiniteAndEqualsShiftedSoftmax()
    {
        var huge = NasSharp.Tensors.Ops.Softmax(Tensor.FromArray([1000f, 1001f, 1002f, 3e38f, -3e38f, 0f], 2, 3));
        var small = NasSharp.Tensors.Ops.Softmax(Tensor.FromArray([0f, 1f, 2f], 3));
        Assert.All(huge.ToArray(), v => Assert.True(float.IsFinite(v)));
        OpAssert.Close(small.Data, huge.Data[..3]);
        Assert.Equal(new[] { 1f, 0f, 0f }, huge.Data[3..].ToArray());
    }

    [Fact]
    public void Softmax_MiddleAxis_EveryRowSumsToOne()
    {
        var y = NasSharp.Tensors.Ops.Softmax(Tensor.RandomNormal(new Random(5), 0f, 5f, 2, 7, 3), axis: 1);
        for (var o = 0; o < 2; o++)
        {
            for (var k = 0; k < 3; k++)
            {
                var sum = Enumerable.Range(0, 7).Sum(j => y.Data[(o * 21) + (j * 3) + k]);
                Assert.Equal(1f, sum, 5);
            }
        }
    }

    [Fact]
    public void Softmax_UniformRow_GivesEqualProbabilities()
    {
        var y = NasSharp.Tensors.Ops.Softmax(Tensor.Full(2.5f, 4));
        Assert.Equal(new[] { 0.25f, 0.25f, 0.25f, 0.25f }, y.ToArray());
    }

    [Fact]
    public void Softmax_AxisOutOfRange_ThrowsNamingOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Softmax(Tensor.Zeros(2, 3), 2));
        Assert.Contains("Softmax", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Softmax(Tensor.Scalar(1f)));
    }
}

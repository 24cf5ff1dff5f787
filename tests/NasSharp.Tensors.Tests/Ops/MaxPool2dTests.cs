using NasSharp.Kernels;
using NasSharp.Kernels.Reference;
using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class MaxPool2dTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 5, 7 }, 3, 2, 1)]
    [InlineData(new[] { 1, 2, 7, 5 }, 3, 1, 1)]
    [InlineData(new[] { 2, 3, 6, 6 }, 2, 2, 0)]
    [InlineData(new[] { 1, 1, 5, 7 }, 5, 2, 2)]
    public void MaxPool2d_Windows_GradientsMatchFiniteDifferences(int[] shape, int kernel, int stride, int padding) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.MaxPool2d(x[0], kernel, stride, padding), DistinctValues(shape, 8));

    [Fact]
    public void MaxPool2d_PaddedStride2_MatchesReference()
    {
        var x = OpAssert.RandomInputs(9, [2, 3, 5, 7])[0];
        var y = NasSharp.Tensors.Ops.MaxPool2d(x, 3, 2, 1);
        var g = new Pool2dGeometry(2, 3, 5, 7, 3, 2, 1);
        var (expected, argmax) = (new float[g.OutputLength], new int[g.OutputLength]);
        MaxPoolingReference.Forward(g, x.Data, expected, argmax);
        Assert.Equal(new[] { 2, 3, 3, 4 }, y.Shape.ToArray());
        Assert.Equal(expected, y.ToArray());
    }

    [Fact]
    public void MaxPool2d_Backward_RoutesGradientToEachMaximum()
    {
        var x = Tensor.FromArray([1f, 9f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 0f, 10f, 11f, 12f, 13f, 14f, 16f], 1, 1, 4, 4).WithGrad();
        var y = NasSharp.Tensors.Ops.MaxPool2d(x, 2, 2);
        Assert.Equal(new[] { 9f, 7f, 13f, 16f }, y.ToArray());
        NasSharp.Tensors.Ops.Sum(y).Backward();
        Assert.Equal(new[] { 0f, 1f, 0f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 0f, 1f, 0f, 1f }, x.Grad!.ToArray());
    }

    [Fact]
    public void MaxPool2d_KernelLargerThanInput_ThrowsNamingOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.MaxPool2d(Tensor.Zeros(2, 3, 2, 2), 3, 1));
        Assert.Contains("MaxPool2d", ex.Message);
        Assert.Contains("[2, 3, 2, 2]", ex.Message);
    }

    /// <summary>
    /// A shuffled ramp with steps of 0.05: no two values within the finite-difference step (0.01) of each
    /// other, so nudging an element never changes which element of a window is the maximum.
    /// </summary>
    private static Tensor[] DistinctValues(int[] shape, int seed)
    {
        var count = shape.Aggregate(1, (a, b) => a * b);
        var values = Enumerable.Range(0, count).Select(i => (i * 0.05f) - (count * 0.025f)).ToArray();
        new Random(seed).Shuffle(values);
        return [Tensor.FromArray(values, shape)];
    }
}

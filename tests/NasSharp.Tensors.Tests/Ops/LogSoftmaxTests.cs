using NasSharp.Kernels;
using NasSharp.Kernels.Reference;
using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class LogSoftmaxTests
{
    [Theory]
    [InlineData(new[] { 7 }, -1)]
    [InlineData(new[] { 3, 5 }, -1)]
    [InlineData(new[] { 5, 3 }, 0)]
    [InlineData(new[] { 2, 3, 5 }, 1)]
    [InlineData(new[] { 3, 2, 3, 3 }, 2)]
    public void LogSoftmax_Shapes_GradientsMatchFiniteDifferences(int[] shape, int axis) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.LogSoftmax(x[0], axis), OpAssert.RandomInputs(6, shape));

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void LogSoftmax_AnyAxis_MatchesScalarReference(int axis)
    {
        var x = Tensor.RandomNormal(new Random(7), 0f, 3f, 3, 17, 5);
        var a = x.Shape.NormalizeAxis(axis, "test");
        var layout = new SoftmaxLayout(x.Shape.CountBetween(0, a), x.Shape[a], x.Shape.CountBetween(a + 1, 3));
        var expected = new float[x.Count];
        SoftmaxReference.LogForward(layout, x.Data, expected);
        OpAssert.Close(expected, NasSharp.Tensors.Ops.LogSoftmax(x, axis).Data);
    }

    [Fact]
    public void LogSoftmax_HugeEqualLogits_KeepsTheLogSum()
    {
        // x - (max + log 2) would round to x - max = 0 at 1e30; the kernel must subtract log 2 separately.
        var y = NasSharp.Tensors.Ops.LogSoftmax(Tensor.FromArray([1e30f, 1e30f], 2));
        Assert.Equal(-MathF.Log(2f), y.Data[0], 6);
        Assert.Equal(-MathF.Log(2f), y.Data[1], 6);
    }

    [Fact]
    public void LogSoftmax_ModerateLogits_EqualsLogOfSoftmax()
    {
        var x = Tensor.RandomNormal(new Random(8), 0f, 2f, 4, 9);
        var log = NasSharp.Tensors.Ops.LogSoftmax(x).ToArray();
        var soft = NasSharp.Tensors.Ops.Softmax(x).ToArray();
        OpAssert.Close(soft.Select(v => MathF.Log(v)).ToArray(), log, 1e-5f);
    }

    [Fact]
    public void LogSoftmax_AxisOutOfRange_ThrowsNamingOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.LogSoftmax(Tensor.Zeros(2, 3, 4), -4));
        Assert.Contains("LogSoftmax", ex.Message);
        Assert.Contains("[2, 3, 4]", ex.Message);
    }
}

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class LinearTests
{
    [Theory]
    [InlineData(new[] { 5 }, 3)]
    [InlineData(new[] { 4, 7 }, 5)]
    [InlineData(new[] { 2, 3, 9 }, 33)]
    [InlineData(new[] { 37, 17 }, 1)]
    public void Linear_WithBias_GradientsMatchFiniteDifferences(int[] shape, int outFeatures) =>
        OpAssert.GradientsMatch(
            x => NasSharp.Tensors.Ops.Linear(x[0], x[1], x[2]),
            OpAssert.RandomInputs(40, shape, [outFeatures, shape[^1]], [outFeatures]));

    [Theory]
    [InlineData(new[] { 3, 6 }, 4)]
    [InlineData(new[] { 2, 2, 3, 5 }, 3)]
    public void Linear_WithoutBias_GradientsMatchFiniteDifferences(int[] shape, int outFeatures) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Linear(x[0], x[1]), OpAssert.RandomInputs(41, shape, [outFeatures, shape[^1]]));

    [Fact]
    public void Linear_Values_MatchMatMulWithTransposedWeightPlusBias()
    {
        var inputs = OpAssert.RandomInputs(42, [2, 3, 7], [5, 7], [5]);
        var (x, w, b) = (inputs[0], inputs[1], inputs[2]);
        var y = NasSharp.Tensors.Ops.Linear(x, w, b);
        Assert.Equal(new[] { 2, 3, 5 }, y.Shape.ToArray());
        var expected = NasSharp.Tensors.Ops.Add(NasSharp.Tensors.Ops.MatMul(x, NasSharp.Tensors.Ops.Permute(w, 1, 0)), b);
        OpAssert.Close(expected.Data, y.Data);
    }

    [Fact]
    public void Linear_SmallExample_MatchesHandComputed()
    {
        var x = Tensor.FromArray([1f, 2f], 1, 2);
        var w = Tensor.FromArray([1f, 0f, 3f, -1f, 0.5f, 0.5f], 3, 2);
        var y = NasSharp.Tensors.Ops.Linear(x, w, Tensor.FromArray([10f, 20f, 30f], 3));
        Assert.Equal(new[] { 11f, 21f, 31.5f }, y.ToArray());
    }

    [Fact]
    public void Linear_MismatchedShapes_ThrowsNamingAllShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Linear(Tensor.Zeros(4, 3), Tensor.Zeros(5, 2)));
        Assert.Contains("Linear", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Contains("[5, 2]", ex.Message);
        var bias = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Linear(Tensor.Zeros(4, 3), Tensor.Zeros(5, 3), Tensor.Zeros(4)));
        Assert.Contains("bias [4]", bias.Message);
    }
}

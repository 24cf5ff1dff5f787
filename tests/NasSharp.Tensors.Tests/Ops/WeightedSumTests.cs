using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class WeightedSumTests
{
    [Theory]
    [InlineData(1, new[] { 7 })]
    [InlineData(3, new[] { 2, 3, 5 })]
    [InlineData(4, new[] { 2, 3, 4, 5 })]
    public void WeightedSum_GradientsMatchFiniteDifferences(int terms, int[] shape)
    {
        var shapes = Enumerable.Repeat(shape, terms).Append([2, 5]).ToArray();
        int[] indices = [.. Enumerable.Range(0, terms).Select(i => (3 * i) % 10)];
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.WeightedSum(x[..^1], x[^1], indices), OpAssert.RandomInputs(terms, shapes));
    }

    [Fact]
    public void WeightedSum_MatchesMultiplyAndAddOfTheSlicedWeights()
    {
        var inputs = OpAssert.RandomInputs(5, [2, 3, 4], [2, 3, 4], [2, 3, 4], [3, 5]);
        var weights = inputs[3];
        int[] indices = [7, 0, 14];
        var fused = NasSharp.Tensors.Ops.WeightedSum(inputs[..3], weights, indices);
        Tensor? composed = null;
        for (var i = 0; i < 3; i++)
        {
            var w = NasSharp.Tensors.Ops.Slice(NasSharp.Tensors.Ops.Slice(weights, 0, indices[i] / 5, 1), 1, indices[i] % 5, 1);
            var scaled = NasSharp.Tensors.Ops.Multiply(inputs[i], w);
            composed = composed == null ? scaled : NasSharp.Tensors.Ops.Add(composed, scaled);
        }

        Assert.Equal(new[] { 2, 3, 4 }, fused.Shape.ToArray());
        OpAssert.Close(composed!.Data, fused.Data);
    }

    [Fact]
    public void WeightedSum_SameWeightForTwoTerms_AccumulatesBothContributions()
    {
        var a = Tensor.FromArray([1f, 2f], 2).WithGrad();
        var b = Tensor.FromArray([3f, 4f], 2).WithGrad();
        var w = Tensor.FromArray([0.5f, 2f], 2).WithGrad();
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.WeightedSum([a, b], w, [1, 1])).Backward();
        Assert.Equal(new[] { 0f, 10f }, w.Grad!.ToArray());
        Assert.Equal(new[] { 2f, 2f }, a.Grad!.ToArray());
    }

    [Fact]
    public void WeightedSum_BadInput_ThrowsNamingTheOpAndTheValue()
    {
        var x = Tensor.Zeros(2, 3);
        var w = Tensor.Zeros(4);
        var shapes = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.WeightedSum([x, Tensor.Zeros(3, 2)], w, [0, 1]));
        Assert.Contains("WeightedSum", shapes.Message);
        Assert.Contains("[3, 2]", shapes.Message);
        var index = Assert.Throws<ArgumentOutOfRangeException>(() => NasSharp.Tensors.Ops.WeightedSum([x], w, [4]));
        Assert.Contains("weight index 4", index.Message);
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.WeightedSum([x, x], w, [0]));
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.WeightedSum([], w, []));
    }
}

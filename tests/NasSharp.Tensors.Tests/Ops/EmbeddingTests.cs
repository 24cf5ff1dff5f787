using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class EmbeddingTests
{
    public static TheoryData<int[], int[], int[]> Lookups => new()
    {
        { new[] { 5, 3 }, new[] { 4, 0, 2, 2 }, new[] { 2, 2 } },
        { new[] { 7, 1 }, new[] { 6, 6, 6 }, Array.Empty<int>() },
        { new[] { 3, 17 }, new[] { 0, 1, 2, 1, 0, 2 }, new[] { 1, 2, 3 } },
    };

    [Theory]
    [MemberData(nameof(Lookups))]
    public void Embedding_Shapes_GradientsMatchFiniteDifferences(int[] weightShape, int[] indices, int[] indexShape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Embedding(x[0], indices, indexShape), OpAssert.RandomInputs(15, weightShape));

    [Fact]
    public void Embedding_IndexShape_CopiesRowsIntoThatShape()
    {
        var weight = Tensor.FromArray([0f, 1f, 10f, 11f, 20f, 21f], 3, 2);
        var y = NasSharp.Tensors.Ops.Embedding(weight, [2, 0, 1, 2], 2, 2);
        Assert.Equal(new[] { 2, 2, 2 }, y.Shape.ToArray());
        Assert.Equal(new[] { 20f, 21f, 0f, 1f, 10f, 11f, 20f, 21f }, y.ToArray());
    }

    [Fact]
    public void Embedding_RepeatedIndex_BackwardAddsBothContributions()
    {
        var weight = Tensor.Zeros(3, 2).WithGrad();
        var y = NasSharp.Tensors.Ops.Embedding(weight, [1, 1, 0]);
        y.Backward(Tensor.FromArray([1f, 2f, 10f, 20f, 100f, 200f], 3, 2));
        Assert.Equal(new[] { 100f, 200f, 11f, 22f, 0f, 0f }, weight.Grad!.ToArray());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    public void Embedding_IndexOutOfRange_ThrowsNamingIndexAndVocabularySize(int bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Embedding(Tensor.Zeros(3, 2), [0, bad]));
        Assert.Contains("Embedding", ex.Message);
        Assert.Contains($"index {bad}", ex.Message);
        Assert.Contains("vocabulary of size 3", ex.Message);
    }

    [Fact]
    public void Embedding_IndexShapeOrWeightRankWrong_ThrowsNamingShapes()
    {
        var count = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Embedding(Tensor.Zeros(3, 2), [0, 1, 2], 2, 2));
        Assert.Contains("[2, 2]", count.Message);
        Assert.Contains("3 indices", count.Message);
        var rank = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Embedding(Tensor.Zeros(6), [0]));
        Assert.Contains("[6]", rank.Message);
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Embedding(Tensor.Zeros(3, 2), [0], 1, 1, 1, 1, 1));
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Embedding(Tensor.Zeros(3, 2), []));
    }
}

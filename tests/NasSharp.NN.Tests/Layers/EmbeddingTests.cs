using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class EmbeddingTests
{
    [Fact]
    public void Forward_IndexTensor_ReturnsRowsShapedByInput()
    {
        var embedding = new Embedding(5, 3, new Random(1));
        var y = embedding.Forward(Tensor.FromArray([4f, 0f, 4f, 2f], 2, 2));
        Assert.Equal([2, 2, 3], y.Shape.ToArray());
        Assert.Equal(embedding.Weight.Data.Slice(12, 3).ToArray(), y.Data[..3].ToArray());
        Assert.Equal(embedding.Weight.Data.Slice(6, 3).ToArray(), y.Data.Slice(9, 3).ToArray());
    }

    [Fact]
    public void Weight_IsNamedAndTrainable()
    {
        var embedding = new Embedding(5, 3, new Random(1));
        Assert.Equal(["weight"], embedding.NamedParameters().Select(p => p.Name));
        Assert.Equal(15, embedding.ParameterCount());
    }

    [Fact]
    public void Forward_NonIntegerIndex_Throws() =>
        Assert.Throws<ArgumentException>(() => new Embedding(5, 3, new Random(1)).Forward(Tensor.FromArray([1.5f], 1)));
}

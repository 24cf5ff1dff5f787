using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class AddNTests
{
    [Theory]
    [InlineData(2, new[] { 7 })]
    [InlineData(3, new[] { 2, 3, 5 })]
    [InlineData(4, new[] { 2, 3, 4, 5 })]
    public void AddN_GradientsMatchFiniteDifferences(int terms, int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.AddN(x), OpAssert.RandomInputs(terms, [.. Enumerable.Repeat(shape, terms)]));

    [Fact]
    public void AddN_EqualsChainedAdd_AndATermUsedTwiceGetsTwoGradients()
    {
        var x = OpAssert.RandomInputs(3, [2, 3], [2, 3], [2, 3]);
        var chained = NasSharp.Tensors.Ops.Add(NasSharp.Tensors.Ops.Add(x[0], x[1]), x[2]);
        OpAssert.Close(chained.Data, NasSharp.Tensors.Ops.AddN(x).Data);
        var a = Tensor.FromArray([1f, 2f], 2).WithGrad();
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.AddN([a, a, Tensor.Ones(2)])).Backward();
        Assert.Equal(new[] { 2f, 2f }, a.Grad!.ToArray());
    }

    [Fact]
    public void AddN_BadInput_ThrowsNamingTheOpAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.AddN([Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)]));
        Assert.Contains("AddN", ex.Message);
        Assert.Contains("[3, 2]", ex.Message);
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.AddN([]));
    }
}

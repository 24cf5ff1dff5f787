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

    /// <summary>
    /// Three terms (and two more per pass after) are summed in one pass each: the bits must stay those of adding the
    /// terms one by one, in order, for any count, lengths with and without a vector tail, and lengths split into blocks
    /// over the kernel threads. Magnitudes from 2^-20 to 2^20 make any other order round differently.
    /// </summary>
    [Theory]
    [InlineData(3, 37)]
    [InlineData(4, 64)]
    [InlineData(5, 1000)]
    [InlineData(6, 9)]
    [InlineData(7, 300_001)]
    public void AddN_IsBitwiseTheTermsAddedInOrder(int terms, int length)
    {
        var random = new Random(terms * length);
        var x = new Tensor[terms];
        for (var t = 0; t < terms; t++)
        {
            var values = new float[length];
            for (var i = 0; i < length; i++)
            {
                values[i] = ((2f * random.NextSingle()) - 1f) * MathF.Pow(2f, random.Next(-20, 21));
            }

            x[t] = Tensor.FromArray(values, length);
        }

        var expected = x[0].ToArray();
        for (var t = 1; t < terms; t++)
        {
            var term = x[t].ToArray();
            for (var i = 0; i < length; i++)
            {
                expected[i] += term[i];
            }
        }

        var actual = NasSharp.Tensors.Ops.AddN(x).ToArray();
        for (var i = 0; i < length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
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

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

    /// <summary>
    /// The backward pass hands the sum's gradient buffer to its first intermediate term instead of copying it: the
    /// gradients must be those of copying (a term used twice gets it twice, a leaf term accumulates), with exact small
    /// integers so any lost or doubled contribution shows.
    /// </summary>
    [Fact]
    public void AddN_HandingItsGradientToATerm_GivesTheGradientsOfCopying()
    {
        var a = Tensor.FromArray([1f, -2f, 3f], 3).WithGrad();
        var b = Tensor.FromArray([4f, 5f, -6f], 3).WithGrad();
        var u = NasSharp.Tensors.Ops.Scale(a, 2f);
        var v = NasSharp.Tensors.Ops.Scale(a, 3f);
        var weights = Tensor.FromArray([1f, 2f, -3f], 3);
        var sum = NasSharp.Tensors.Ops.AddN([u, v, u, b]);
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(sum, weights)).Backward();

        // d/da = 2 w (twice, through u) + 3 w (through v) = 7 w; d/db = w.
        Assert.Equal(new[] { 7f, 14f, -21f }, a.Grad!.ToArray());
        Assert.Equal(new[] { 1f, 2f, -3f }, b.Grad!.ToArray());
    }

    /// <summary>The pass's root keeps its gradient, and so does every tensor of a pass that retains its graph.</summary>
    [Fact]
    public void AddN_KeepsItsGradientAsTheRootOrWhenTheGraphIsRetained()
    {
        var a = Tensor.FromArray([1f, 2f], 2).WithGrad();
        var root = NasSharp.Tensors.Ops.AddN([NasSharp.Tensors.Ops.Scale(a, 2f), NasSharp.Tensors.Ops.Scale(a, 3f)]);
        root.Backward(Tensor.FromArray([1f, -1f], 2));
        Assert.Equal(new[] { 1f, -1f }, root.Grad!.ToArray());
        Assert.Equal(new[] { 5f, -5f }, a.Grad!.ToArray());

        var retained = NasSharp.Tensors.Ops.AddN([NasSharp.Tensors.Ops.Scale(a, 2f), NasSharp.Tensors.Ops.Scale(a, 3f)]);
        NasSharp.Tensors.Ops.Sum(retained).Backward(retainGraph: true);
        Assert.Equal(new[] { 1f, 1f }, retained.Grad!.ToArray());
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

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class GumbelSoftmaxTests
{
    [Theory]
    [InlineData(new[] { 7 }, -1, 1f)]
    [InlineData(new[] { 3, 5 }, -1, 0.7f)]
    [InlineData(new[] { 5, 3 }, 0, 2f)]
    [InlineData(new[] { 2, 3, 3, 5 }, 1, 1.3f)]
    public void GumbelSoftmax_Shapes_GradientsMatchFiniteDifferences(int[] shape, int axis, float tau) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.GumbelSoftmax(x[0], tau, new Random(22), axis: axis), OpAssert.RandomInputs(23, shape));

    [Fact]
    public void GumbelSoftmax_SameSeed_GivesSameSampleAndDifferentSeedsDiffer()
    {
        var logits = Tensor.Zeros(4, 6);
        var a = NasSharp.Tensors.Ops.GumbelSoftmax(logits, 1f, new Random(1)).ToArray();
        var b = NasSharp.Tensors.Ops.GumbelSoftmax(logits, 1f, new Random(1)).ToArray();
        var c = NasSharp.Tensors.Ops.GumbelSoftmax(logits, 1f, new Random(2)).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void GumbelSoftmax_Soft_RowsAlongAxisSumToOne()
    {
        var y = NasSharp.Tensors.Ops.GumbelSoftmax(Tensor.RandomNormal(new Random(24), 0f, 1f, 3, 5, 2), 0.5f, new Random(25), axis: 1);
        for (var o = 0; o < 3; o++)
        {
            for (var k = 0; k < 2; k++)
            {
                Assert.Equal(1f, Enumerable.Range(0, 5).Sum(j => y.Data[(o * 10) + (j * 2) + k]), 5);
            }
        }
    }

    [Fact]
    public void GumbelSoftmax_Hard_IsExactOneHotAtArgMaxOfSoftSample()
    {
        var logits = Tensor.RandomNormal(new Random(26), 0f, 1f, 6, 5);
        var soft = NasSharp.Tensors.Ops.GumbelSoftmax(logits, 0.8f, new Random(27)).ToArray();
        var hard = NasSharp.Tensors.Ops.GumbelSoftmax(logits, 0.8f, new Random(27), hard: true).ToArray();
        for (var r = 0; r < 6; r++)
        {
            var softRow = soft.AsSpan(r * 5, 5).ToArray();
            var hardRow = hard.AsSpan(r * 5, 5).ToArray();
            Assert.Equal(4, hardRow.Count(v => v == 0f));
            Assert.Equal(1f, hardRow.Max());
            Assert.Equal(Array.IndexOf(softRow, softRow.Max()), Array.IndexOf(hardRow, 1f));
        }
    }

    [Fact]
    public void GumbelSoftmax_Hard_GradientEqualsSoftSampleGradient()
    {
        var seed = Tensor.RandomNormal(new Random(28), 0f, 1f, 4, 3, 5);
        var softLogits = Tensor.RandomNormal(new Random(29), 0f, 1f, 4, 3, 5).WithGrad();
        var hardLogits = softLogits.Clone().WithGrad();
        NasSharp.Tensors.Ops.GumbelSoftmax(softLogits, 0.6f, new Random(30), axis: 1).Backward(seed);
        NasSharp.Tensors.Ops.GumbelSoftmax(hardLogits, 0.6f, new Random(30), hard: true, axis: 1).Backward(seed);
        Assert.Contains(softLogits.Grad!.ToArray(), v => v != 0f);
        Assert.Equal(softLogits.Grad!.ToArray(), hardLogits.Grad!.ToArray());
    }

    [Fact]
    public void GumbelSoftmax_HardSamples_FollowTheCategoricalDistribution()
    {
        // Gumbel-max trick: argmax(log p + g) ~ Categorical(p), whatever the temperature.
        var probabilities = new[] { 0.6f, 0.3f, 0.1f };
        var logits = Tensor.FromArray(probabilities.Select(v => MathF.Log(v)).ToArray(), 1, 3);
        var random = new Random(31);
        var counts = new int[3];
        const int Draws = 4000;
        for (var i = 0; i < Draws; i++)
        {
            var sample = NasSharp.Tensors.Ops.GumbelSoftmax(logits, 0.5f, random, hard: true).ToArray();
            counts[Array.IndexOf(sample, 1f)]++;
        }

        for (var c = 0; c < 3; c++)
        {
            Assert.InRange(counts[c] / (double)Draws, probabilities[c] - 0.03, probabilities[c] + 0.03);
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void GumbelSoftmax_NonPositiveTemperature_ThrowsNamingIt(float tau)
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.GumbelSoftmax(Tensor.Zeros(2, 3), tau, new Random(1)));
        Assert.Contains("GumbelSoftmax", ex.Message);
        Assert.Contains("temperature", ex.Message);
    }

    [Fact]
    public void GumbelSoftmax_AxisOutOfRange_ThrowsNamingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.GumbelSoftmax(Tensor.Zeros(2, 3), 1f, new Random(1), axis: 2));
        Assert.Contains("[2, 3]", ex.Message);
    }
}

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class CrossEntropyTests
{
    [Theory]
    [InlineData(1, 1, 0f)]
    [InlineData(3, 5, 0f)]
    [InlineData(7, 3, 0.1f)]
    [InlineData(4, 11, 0.3f)]
    public void CrossEntropy_Shapes_GradientsMatchFiniteDifferences(int n, int c, float smoothing)
    {
        var random = new Random(9);
        var targets = Enumerable.Range(0, n).Select(_ => random.Next(c)).ToArray();
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.CrossEntropy(x[0], targets, smoothing), OpAssert.RandomInputs(10, [n, c]));
    }

    [Fact]
    public void CrossEntropy_LogitsUsedTwice_GradientsAccumulate()
    {
        // Non-leaf logits read twice: the first backward writes their fresh gradient, the second must add to it.
        var targets = new[] { 1, 0, 2 };
        OpAssert.GradientsMatch(
            x =>
            {
                var logits = NasSharp.Tensors.Ops.Scale(x[0], 2f);
                return NasSharp.Tensors.Ops.Add(NasSharp.Tensors.Ops.CrossEntropy(logits, targets), NasSharp.Tensors.Ops.CrossEntropy(logits, targets, 0.2f));
            },
            OpAssert.RandomInputs(11, [3, 4]));
        OpAssert.GradientsMatch(
            x =>
            {
                var logits = NasSharp.Tensors.Ops.Scale(x[0], 2f);
                return NasSharp.Tensors.Ops.Add(NasSharp.Tensors.Ops.Mean(NasSharp.Tensors.Ops.Square(logits)), NasSharp.Tensors.Ops.CrossEntropy(logits, targets));
            },
            OpAssert.RandomInputs(12, [3, 4]));
    }

    [Fact]
    public void CrossEntropy_NoSmoothing_EqualsMeanNegativeLogSoftmaxAtTargets()
    {
        var logits = Tensor.FromArray([1f, 2f, 3f, 0.5f, -1f, 2f], 2, 3);
        var loss = NasSharp.Tensors.Ops.CrossEntropy(logits, [2, 0]).Item();
        var expected = (LogSumExp(1, 2, 3) - 3 + LogSumExp(0.5, -1, 2) - 0.5) / 2;
        Assert.Equal(expected, loss, 5);
    }

    [Fact]
    public void CrossEntropy_LabelSmoothing_MatchesHandComputedValue()
    {
        // q = (1 - 0.3) onehot(0) + 0.3 / 3 = [0.8, 0.1, 0.1]; loss = -sum q log p.
        var loss = NasSharp.Tensors.Ops.CrossEntropy(Tensor.FromArray([1f, 2f, 3f], 1, 3), [0], 0.3f).Item();
        var lse = LogSumExp(1, 2, 3);
        var expected = -((0.8 * (1 - lse)) + (0.1 * (2 - lse)) + (0.1 * (3 - lse)));
        Assert.Equal(expected, loss, 5);
    }

    [Fact]
    public void CrossEntropy_Backward_GivesSoftmaxMinusOneHotOverBatch()
    {
        var logits = Tensor.FromArray([1f, 2f, 3f, 0.5f, -1f, 2f], 2, 3).WithGrad();
        NasSharp.Tensors.Ops.CrossEntropy(logits, [2, 0]).Backward();
        var p = NasSharp.Tensors.Ops.Softmax(logits.Detach()).ToArray();
        var expected = new[] { p[0] / 2, p[1] / 2, (p[2] - 1) / 2, (p[3] - 1) / 2, p[4] / 2, p[5] / 2 };
        OpAssert.Close(expected, logits.Grad!.Data);
    }

    [Fact]
    public void CrossEntropy_HugeLogits_StaysFinite()
    {
        var loss = NasSharp.Tensors.Ops.CrossEntropy(Tensor.FromArray([1e30f, -1e30f, 0f], 1, 3), [1]).Item();
        Assert.True(float.IsFinite(loss));
        Assert.Equal(2e30f, loss, 1e24f);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    public void CrossEntropy_TargetOutOfRange_ThrowsNamingValueAndClassCount(int bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.CrossEntropy(Tensor.Zeros(2, 3), [0, bad]));
        Assert.Contains("CrossEntropy", ex.Message);
        Assert.Contains($"target {bad}", ex.Message);
        Assert.Contains("3 classes", ex.Message);
    }

    [Fact]
    public void CrossEntropy_TargetCountMismatch_ThrowsNamingBothCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.CrossEntropy(Tensor.Zeros(4, 3), [0, 1, 2]));
        Assert.Contains("3 targets", ex.Message);
        Assert.Contains("N = 4", ex.Message);
    }

    [Fact]
    public void CrossEntropy_BadLogitsRankOrSmoothing_Throws()
    {
        var rank = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.CrossEntropy(Tensor.Zeros(3), [0]));
        Assert.Contains("[3]", rank.Message);
        var smoothing = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.CrossEntropy(Tensor.Zeros(1, 3), [0], 1.5f));
        Assert.Contains("1.5", smoothing.Message);
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.CrossEntropy(Tensor.Zeros(1, 3), [0], float.NaN));
    }

    private static double LogSumExp(params double[] values) => Math.Log(values.Sum(Math.Exp));
}

using System.Runtime.InteropServices;
using NasSharp.Tensors;
using O = NasSharp.Tensors.Ops;

namespace NasSharp.Tensors.Tests.Ops;

/// <summary>
/// The fused factorized reduction against the five ops it replaces (ReLU, the one-pixel shift as a pad, two 1x1 stride-2
/// convolutions, the concatenation): the same bits forward and in every gradient, with the input's gradient its only
/// contribution or one of several, on even, odd and non-square planes, zeros and negative zeros at the ReLU's kink; finite
/// differences; one line naming the shapes for a bad weight.
/// </summary>
public class FactorizedReduceTests
{
    /// <summary>N, Cin, H, W, output channels of each half (the 28 x 28 network's reductions, small, odd, non-square).</summary>
    public static TheoryData<int[], bool> Cases => new()
    {
        { new[] { 2, 8, 28, 28, 8 }, false },
        { new[] { 2, 8, 28, 28, 8 }, true },
        { new[] { 3, 16, 14, 14, 16 }, true },
        { new[] { 2, 4, 8, 8, 3 }, false },
        { new[] { 3, 5, 7, 7, 4 }, true },
        { new[] { 2, 3, 9, 12, 2 }, false },
        { new[] { 1, 2, 2, 3, 1 }, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FactorizedReduce_ValuesAndGradients_AreTheComposedOpsBitForBit(int[] d, bool inputReadElsewhere)
    {
        var fused = Run(d, fused: true, inputReadElsewhere);
        var composed = Run(d, fused: false, inputReadElsewhere);
        string[] names = ["output", "input gradient", "weight 1 gradient", "weight 2 gradient"];
        for (var i = 0; i < names.Length; i++)
        {
            Assert.True(
                MemoryMarshal.Cast<float, int>(composed[i]).SequenceEqual(MemoryMarshal.Cast<float, int>(fused[i])),
                $"{names[i]} differs from the composed ops' ({string.Join(" x ", d)})");
        }

        Assert.Contains(fused[1], v => v != 0f);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void FactorizedReduce_OnlyTheInputOrOnlyTheWeightsLearn_GradientsAreTheComposedOps(bool inputLearns, bool weightsLearn)
    {
        int[] d = [2, 6, 14, 14, 4];
        var fused = Run(d, fused: true, inputReadElsewhere: false, inputLearns, weightsLearn);
        var composed = Run(d, fused: false, inputReadElsewhere: false, inputLearns, weightsLearn);
        for (var i = 0; i < fused.Length; i++)
        {
            Assert.True(MemoryMarshal.Cast<float, int>(composed[i]).SequenceEqual(MemoryMarshal.Cast<float, int>(fused[i])), $"result {i} differs");
        }

        Assert.Equal(inputLearns ? 2 : 3, fused.Length);
    }

    [Fact]
    public void FactorizedReduce_GradientsMatchFiniteDifferences() =>
        OpAssert.GradientsMatch(
            x => O.FactorizedReduce(x[0], x[1], x[2]),
            ReluTests.AwayFromZero(5, [2, 3, 5, 6]).WithGrad(),
            Tensor.RandomUniform(new Random(6), -1f, 1f, 2, 3, 1, 1).WithGrad(),
            Tensor.RandomUniform(new Random(7), -1f, 1f, 2, 3, 1, 1).WithGrad());

    [Fact]
    public void FactorizedReduce_WithoutGradients_GivesTheSameValues()
    {
        using var scope = new TensorScope();
        var x = Tensor.RandomUniform(new Random(8), -1f, 1f, 2, 4, 7, 7);
        var (w1, w2) = (Tensor.RandomUniform(new Random(9), -1f, 1f, 3, 4, 1, 1), Tensor.RandomUniform(new Random(10), -1f, 1f, 3, 4, 1, 1));
        var y = O.FactorizedReduce(x, w1, w2);
        var relu = O.Relu(x);
        var expected = O.Concat([O.Conv2d(relu, w1, stride: 2), O.Conv2d(O.Pad(relu, [0, 0, -1, -1], [0, 0, 1, 1]), w2, stride: 2)], 1);
        Assert.Equal(new[] { 2, 6, 4, 4 }, y.Shape.ToArray());
        Assert.Equal(expected.ToArray(), y.ToArray());
    }

    [Theory]
    [InlineData(new[] { 3, 4, 1, 1 }, new[] { 3, 5, 1, 1 })]
    [InlineData(new[] { 3, 5, 3, 3 }, new[] { 3, 5, 3, 3 })]
    [InlineData(new[] { 3, 4, 1, 1 }, new[] { 3, 4, 1, 1 })]
    public void FactorizedReduce_BadWeights_ThrowNamingTheShapes(int[] weight1, int[] weight2)
    {
        var x = Tensor.Zeros(2, 5, 6, 6);
        var error = Assert.Throws<ArgumentException>(() => O.FactorizedReduce(x, Tensor.Zeros(weight1), Tensor.Zeros(weight2)));
        Assert.Contains("FactorizedReduce: input [2, 5, 6, 6] and weights", error.Message);
    }

    private static float[][] Run(int[] d, bool fused, bool inputReadElsewhere, bool inputLearns = true, bool weightsLearn = true)
    {
        using var scope = new TensorScope();
        var random = new Random(d.Sum());
        var leaf = Tensor.RandomUniform(random, -1f, 1f, d[0], d[1], d[2], d[3]);
        leaf = inputLearns ? leaf.WithGrad() : leaf;
        var data = leaf.Data;
        for (var i = 0; i < data.Length; i += 7)
        {
            data[i] = i % 2 == 0 ? 0f : -0f;
        }

        var w1 = Tensor.RandomUniform(random, -1f, 1f, d[4], d[1], 1, 1);
        var w2 = Tensor.RandomUniform(random, -1f, 1f, d[4], d[1], 1, 1);
        (w1, w2) = weightsLearn ? (w1.WithGrad(), w2.WithGrad()) : (w1, w2);
        var x = O.Scale(leaf, 1.5f);
        Tensor y;
        if (fused)
        {
            y = O.FactorizedReduce(x, w1, w2);
        }
        else
        {
            var relu = O.Relu(x);
            y = O.Concat([O.Conv2d(relu, w1, stride: 2), O.Conv2d(O.Pad(relu, [0, 0, -1, -1], [0, 0, 1, 1]), w2, stride: 2)], 1);
        }

        var upstream = Tensor.RandomUniform(random, -1f, 1f, y.Shape.ToArray());
        var loss = O.Sum(O.Multiply(y, upstream));
        if (inputReadElsewhere)
        {
            var other = Tensor.RandomUniform(random, -1f, 1f, x.Shape.ToArray());
            loss = O.Add(O.Sum(O.Multiply(x, other)), O.Add(loss, O.Sum(O.Multiply(O.Relu(x), other))));
        }

        loss.Backward();
        return (inputLearns, weightsLearn) switch
        {
            (true, true) => [y.ToArray(), leaf.Grad!.ToArray(), w1.Grad!.ToArray(), w2.Grad!.ToArray()],
            (true, false) => [y.ToArray(), leaf.Grad!.ToArray()],
            _ => [y.ToArray(), w1.Grad!.ToArray(), w2.Grad!.ToArray()],
        };
    }
}

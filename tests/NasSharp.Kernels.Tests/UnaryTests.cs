using System.Numerics.Tensors;
using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class UnaryTests
{
    private static readonly int[] Lengths = [1, 7, 8, 15, 16, 17, 33, 100];

    private static float[] Random(int seed, int n, float low, float high)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => low + ((high - low) * random.NextSingle())).ToArray();
    }

    [Fact]
    public void Map_Relu_MatchesReferenceOnEveryLength()
    {
        foreach (var n in Lengths)
        {
            var x = Random(n, n, -2f, 2f);
            var actual = new float[n];
            var expected = new float[n];
            Unary.Map(default(ReluOperator), x, actual);
            UnaryReference.Map(UnaryReference.Relu, x, expected);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Map_LeakyRelu_MatchesReferenceOnEveryLength()
    {
        foreach (var n in Lengths)
        {
            var x = Random(n, n, -2f, 2f);
            var actual = new float[n];
            var expected = new float[n];
            Unary.Map(new LeakyReluOperator(0.2f), x, actual);
            UnaryReference.Map(v => UnaryReference.LeakyRelu(v, 0.2f), x, expected);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Map_ReluOfNaN_PropagatesNaNInVectorAndScalarPaths()
    {
        var x = Enumerable.Repeat(float.NaN, 17).ToArray();
        var y = new float[17];
        Unary.Map(default(ReluOperator), x, y);
        Assert.All(y, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Map_OutputAliasesInput_ComputesInPlace()
    {
        var x = Random(3, 37, -1f, 1f);
        var expected = x.Select(v => UnaryReference.LeakyRelu(v, 0.5f)).ToArray();
        Unary.Map(new LeakyReluOperator(0.5f), x, x);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void Map_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Unary.Map(default(ReluOperator), new float[3], new float[4]));
        Assert.Contains("3", ex.Message);
        Assert.Contains("4", ex.Message);
    }

    [Fact]
    public void AccumulateGradient_Relu_MatchesReferenceAndAddsToExisting() =>
        AssertGradient(default(ReluGradientOperator), v => Math.Max(v, 0f), UnaryReference.ReluGradient, -2f, 2f);

    [Fact]
    public void AccumulateGradient_LeakyRelu_MatchesReference() =>
        AssertGradient(new LeakyReluGradientOperator(0.1f), v => v, v => UnaryReference.LeakyReluGradient(v, 0.1f), -2f, 2f);

    [Fact]
    public void AccumulateGradient_Sigmoid_MatchesReference() =>
        AssertGradient(default(SigmoidGradientOperator), UnaryReference.Sigmoid, UnaryReference.SigmoidGradient, -4f, 4f);

    [Fact]
    public void AccumulateGradient_Tanh_MatchesReference() =>
        AssertGradient(default(TanhGradientOperator), UnaryReference.Tanh, UnaryReference.TanhGradient, -3f, 3f);

    [Fact]
    public void AccumulateGradient_Exp_MatchesReference() =>
        AssertGradient(default(ExpGradientOperator), UnaryReference.Exp, UnaryReference.ExpGradient, -3f, 3f);

    [Fact]
    public void AccumulateGradient_Log_MatchesReference() =>
        AssertGradient(default(LogGradientOperator), UnaryReference.Log, UnaryReference.LogGradient, 0.1f, 5f);

    [Fact]
    public void AccumulateGradient_Sqrt_MatchesReference() =>
        AssertGradient(default(SqrtGradientOperator), UnaryReference.Sqrt, UnaryReference.SqrtGradient, 0.1f, 5f);

    [Fact]
    public void AccumulateGradient_Square_MatchesReference() =>
        AssertGradient(default(SquareGradientOperator), UnaryReference.Square, UnaryReference.SquareGradient, -3f, 3f);

    [Fact]
    public void AccumulateGradient_VectorAndScalarForms_AgreeBitwise()
    {
        // Elements 0..31 go through the vector form, element 32 through the scalar form.
        var x = Random(9, 33, 0.5f, 2f);
        var y = x.Select(MathF.Sqrt).ToArray();
        var dy = Random(10, 33, -1f, 1f);
        var dx = new float[33];
        var op = default(SqrtGradientOperator);
        Unary.AccumulateGradient(op, x, y, dy, dx);
        for (var i = 0; i < 33; i++)
        {
            Assert.Equal(op.Invoke(x[i], y[i], dy[i]), dx[i]);
        }
    }

    [Fact]
    public void Gradient_Overwrite_SameBitsAsAddingToZerosOnEveryLength()
    {
        foreach (var length in new[] { 1, 7, 8, 16, 33, 70_000 })
        {
            var x = Random(11, length, -2f, 2f);
            var dy = Random(12, length, -1f, 1f);
            var added = new float[length];
            var written = Enumerable.Repeat(float.NaN, length).ToArray();
            Unary.AccumulateGradient(default(ReluGradientOperator), x, x, dy, added);
            Unary.Gradient(default(ReluGradientOperator), x, x, dy, written, accumulate: false);
            Assert.Equal(added, written);
        }
    }

    [Fact]
    public void AccumulateGradient_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Unary.AccumulateGradient(default(ExpGradientOperator), new float[3], new float[3], new float[2], new float[3]));
        Assert.Contains("dy 2", ex.Message);
    }

    private static void AssertGradient<TOp>(TOp op, Func<float, float> forward, Func<float, float> derivative, float low, float high)
        where TOp : struct, IUnaryGradientOperator
    {
        foreach (var n in Lengths)
        {
            var x = Random(n, n, low, high);
            var y = x.Select(forward).ToArray();
            var dy = Random(n + 1, n, -1f, 1f);
            var start = Random(n + 2, n, -1f, 1f);
            var actual = (float[])start.Clone();
            var expected = (float[])start.Clone();
            Unary.AccumulateGradient(op, x, y, dy, actual);
            UnaryReference.AccumulateGradient(derivative, x, dy, expected);
            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected[i])), $"n={n}, element {i}: expected {expected[i]}, got {actual[i]}");
            }
        }
    }
}

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class DivideTests
{
    /// <summary>A numerator in [-1, 1) and a denominator with |b| in [0.5, 1.5), away from the pole at 0.</summary>
    private static Tensor[] Inputs(int[] a, int[] b)
    {
        var random = new Random(4);
        var denominator = Tensor.RandomUniform(random, 0.5f, 1.5f, b);
        var data = denominator.Data;
        for (var i = 0; i < data.Length; i += 2)
        {
            data[i] = -data[i];
        }

        return [Tensor.RandomUniform(random, -1f, 1f, a), denominator];
    }

    [Theory]
    [InlineData(new[] { 3, 5 }, new[] { 3, 5 })]
    [InlineData(new[] { 2, 3, 4, 5 }, new int[0])]
    [InlineData(new[] { 2, 3, 4, 5 }, new[] { 1, 3, 1, 1 })]
    [InlineData(new int[0], new[] { 3, 7 })]
    [InlineData(new[] { 1, 4 }, new[] { 3, 1 })]
    public void Divide_BroadcastShapes_GradientsMatchFiniteDifferences(int[] a, int[] b) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Divide(x[0], x[1]), 1e-3, Inputs(a, b));

    [Fact]
    public void Divide_ByPerChannelScale_DividesEachChannel()
    {
        var x = Tensor.FromArray([2f, 4f, 6f, 8f], 2, 2);
        var y = NasSharp.Tensors.Ops.Divide(x, Tensor.FromArray([2f, 4f], 2));
        Assert.Equal(new[] { 1f, 1f, 3f, 2f }, y.ToArray());
    }

    [Fact]
    public void Divide_HandComputedGradients_MatchQuotientRule()
    {
        var a = Tensor.FromArray([3f], 1).WithGrad();
        var b = Tensor.FromArray([2f], 1).WithGrad();
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Divide(a, b)).Backward();
        Assert.Equal(0.5f, a.Grad!.Data[0]);
        Assert.Equal(-0.75f, b.Grad!.Data[0]); // -a / b^2
    }

    [Fact]
    public void Divide_IncompatibleShapes_ThrowsNamingOpAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Divide(Tensor.Zeros(5), Tensor.Zeros(3)));
        Assert.Contains("Divide", ex.Message);
        Assert.Contains("[5]", ex.Message);
        Assert.Contains("[3]", ex.Message);
    }
}

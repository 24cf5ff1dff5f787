using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests;

public class TensorOperatorsTests
{
    [Fact]
    public void Operators_Arithmetic_MatchOps()
    {
        var a = Tensor.FromArray([6f, -2f], 2);
        var b = Tensor.FromArray([3f, 4f], 2);
        Assert.Equal(new[] { 9f, 2f }, (a + b).ToArray());
        Assert.Equal(new[] { 3f, -6f }, (a - b).ToArray());
        Assert.Equal(new[] { 18f, -8f }, (a * b).ToArray());
        Assert.Equal(new[] { 2f, -0.5f }, (a / b).ToArray());
        Assert.Equal(new[] { -6f, 2f }, (-a).ToArray());
        Assert.Equal(new[] { 3f, -1f }, (a * 0.5f).ToArray());
        Assert.Equal(new[] { 12f, -4f }, (2f * a).ToArray());
    }

    [Fact]
    public void Operators_Expression_BackpropagatesThroughEveryOperator()
    {
        var x = Tensor.FromArray([2f], 1).WithGrad();
        var c = Tensor.FromArray([4f], 1);

        // y = -(3x * x - x / c + x) * 2 = -6x^2 + x/2 - 2x, dy/dx = -12x + 1/2 - 2 = -25.5 at x = 2.
        var y = -((3f * x * x) - (x / c) + x) * 2f;
        NasSharp.Tensors.Ops.Sum(y).Backward();
        Assert.Equal(-25.5f, x.Grad!.Data[0]);
    }

    [Fact]
    public void Operators_IncompatibleShapes_ThrowNamingOp()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2) - Tensor.Zeros(3));
        Assert.Contains("Subtract", ex.Message);
    }
}

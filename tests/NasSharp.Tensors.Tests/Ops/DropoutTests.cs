using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class DropoutTests
{
    [Theory]
    [InlineData(new[] { 7 }, 0.3f)]
    [InlineData(new[] { 3, 5 }, 0.5f)]
    [InlineData(new[] { 2, 3, 3, 5 }, 0.1f)]
    public void Dropout_Shapes_GradientsMatchFiniteDifferences(int[] shape, float p) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Dropout(x[0], p, new Random(16)), OpAssert.RandomInputs(17, shape));

    [Fact]
    public void Dropout_SameSeed_GivesSameMaskAndDifferentSeedsDiffer()
    {
        var x = Tensor.Ones(64);
        var a = NasSharp.Tensors.Ops.Dropout(x, 0.5f, new Random(1)).ToArray();
        var b = NasSharp.Tensors.Ops.Dropout(x, 0.5f, new Random(1)).ToArray();
        var c = NasSharp.Tensors.Ops.Dropout(x, 0.5f, new Random(2)).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Dropout_LargeInput_DropsAboutPAndScalesKeptByInverseKeepProbability()
    {
        var x = Tensor.RandomUniform(new Random(18), 1f, 2f, 10000);
        var y = NasSharp.Tensors.Ops.Dropout(x, 0.3f, new Random(19)).ToArray();
        var dropped = y.Count(v => v == 0f) / 10000.0;
        Assert.InRange(dropped, 0.28, 0.32);
        for (var i = 0; i < y.Length; i++)
        {
            Assert.True(y[i] == 0f || y[i] == x.Data[i] * (1f / 0.7f), $"element {i}: {y[i]} is neither 0 nor {x.Data[i]} / 0.7");
        }
    }

    [Fact]
    public void Dropout_Backward_PassesGradientOnlyThroughKeptElements()
    {
        var x = Tensor.Ones(50).WithGrad();
        var y = NasSharp.Tensors.Ops.Dropout(x, 0.4f, new Random(20));
        NasSharp.Tensors.Ops.Sum(y).Backward();
        Assert.Equal(y.ToArray(), x.Grad!.ToArray());
    }

    [Fact]
    public void Dropout_EvaluationOrZeroProbability_ReturnsInputUnchanged()
    {
        var x = Tensor.RandomUniform(new Random(21), -1f, 1f, 3, 4);
        Assert.Same(x, NasSharp.Tensors.Ops.Dropout(x, 0.5f, new Random(1), training: false));
        Assert.Same(x, NasSharp.Tensors.Ops.Dropout(x, 0f, new Random(1)));
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void Dropout_ProbabilityOutsideUnitInterval_ThrowsNamingIt(float p)
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Dropout(Tensor.Ones(3), p, new Random(1)));
        Assert.Contains("Dropout", ex.Message);
        Assert.Contains("[0, 1)", ex.Message);
    }
}

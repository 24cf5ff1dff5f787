using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class ReluTests
{
    /// <summary>Random inputs with |x| &gt;= 0.1, so no finite difference straddles the kink at 0.</summary>
    internal static Tensor AwayFromZero(int seed, int[] shape)
    {
        var x = Tensor.RandomUniform(new Random(seed), -1f, 1f, shape);
        var data = x.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] += data[i] < 0 ? -0.1f : 0.1f;
        }

        return x;
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5, 17 })]
    [InlineData(new[] { 2, 3, 4, 5 })]
    public void Relu_Shapes_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Relu(x[0]), AwayFromZero(8, shape));

    [Fact]
    public void Relu_Values_ClampNegativesToZero()
    {
        var y = NasSharp.Tensors.Ops.Relu(Tensor.FromArray([-1f, 0f, 2.5f, float.NaN], 4));
        Assert.Equal(new[] { 0f, 0f, 2.5f }, y.ToArray()[..3]);
        Assert.True(float.IsNaN(y.Data[3]));
    }

    [Fact]
    public void Relu_AtZero_HasZeroGradient()
    {
        var x = Tensor.FromArray([-1f, 0f, 2f], 3).WithGrad();
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Relu(x)).Backward();
        Assert.Equal(new[] { 0f, 0f, 1f }, x.Grad!.ToArray());
    }
}

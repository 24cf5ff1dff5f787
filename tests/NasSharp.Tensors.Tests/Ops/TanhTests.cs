using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class TanhTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5, 17 })]
    public void Tanh_Shapes_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Tanh(x[0]), OpAssert.RandomInputs(11, shape));

    [Fact]
    public void Tanh_Values_MatchDefinition()
    {
        float[] values = [-20f, -3f, -0.5f, 0f, 0.5f, 3f, 20f, 1f, 2f, -1f, -2f, 4f, -4f, 6f, -6f, 0.25f, -0.25f];
        var y = NasSharp.Tensors.Ops.Tanh(Tensor.FromArray(values, values.Length));
        OpAssert.Close(values.Select(v => (float)Math.Tanh(v)).ToArray(), y.Data);
    }
}

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class SigmoidTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5, 17 })]
    public void Sigmoid_Shapes_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Sigmoid(x[0]), OpAssert.RandomInputs(10, shape));

    [Fact]
    public void Sigmoid_Values_MatchDefinition()
    {
        float[] values = [-20f, -3f, -0.5f, 0f, 0.5f, 3f, 20f, 1f, 2f, -1f, -2f, 4f, -4f, 6f, -6f, 0.25f, -0.25f];
        var y = NasSharp.Tensors.Ops.Sigmoid(Tensor.FromArray(values, values.Length));
        OpAssert.Close(values.Select(v => (float)(1 / (1 + Math.Exp(-v)))).ToArray(), y.Data);
    }
}

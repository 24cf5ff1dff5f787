using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class ExpTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5, 17 })]
    public void Exp_Shapes_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Exp(x[0]), OpAssert.RandomInputs(12, shape));

    [Fact]
    public void Exp_Values_MatchDefinition()
    {
        float[] values = [-10f, -1f, 0f, 0.5f, 1f, 2f, 5f, -3f, 3f, 0.1f, -0.1f, 7f, -7f, 1.5f, -1.5f, 4f, -4f];
        var y = NasSharp.Tensors.Ops.Exp(Tensor.FromArray(values, values.Length));
        OpAssert.Close(values.Select(v => (float)Math.Exp(v)).ToArray(), y.Data);
    }
}

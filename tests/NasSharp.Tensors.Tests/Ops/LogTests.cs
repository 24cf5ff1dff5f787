using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class LogTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5, 17 })]
    public void Log_PositiveInputs_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Log(x[0]), Tensor.RandomUniform(new Random(13), 0.5f, 3f, shape));

    [Fact]
    public void Log_Values_MatchDefinitionAndIeeeEdges()
    {
        float[] values = [0.001f, 0.5f, 1f, 2f, 10f, 1000f, 0.1f, 3f, 7f, 0.25f, 4f, 5f, 6f, 8f, 9f, 11f, 12f];
        var y = NasSharp.Tensors.Ops.Log(Tensor.FromArray(values, values.Length));
        OpAssert.Close(values.Select(v => (float)Math.Log(v)).ToArray(), y.Data);

        var edges = NasSharp.Tensors.Ops.Log(Tensor.FromArray([0f, -1f], 2));
        Assert.Equal(float.NegativeInfinity, edges.Data[0]);
        Assert.True(float.IsNaN(edges.Data[1]));
    }
}

using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class SplitTests
{
    [Theory]
    [InlineData(new[] { 3, 8 }, 1, 4)]
    [InlineData(new[] { 6, 5 }, 0, 3)]
    [InlineData(new[] { 2, 9, 3 }, -2, 3)]
    public void Split_Parts_GradientsMatchFiniteDifferences(int[] shape, int axis, int parts) =>
        OpAssert.GradientsMatch(
            x =>
            {
                // Parts recombined in a different order and one used twice, so each must route its own gradient.
                var chunks = NasSharp.Tensors.Ops.Split(x[0], axis, parts);
                return NasSharp.Tensors.Ops.Concat([.. chunks.Reverse(), NasSharp.Tensors.Ops.Multiply(chunks[0], chunks[0])], axis);
            },
            OpAssert.RandomInputs(35, shape));

    [Fact]
    public void Split_LstmGates_GivesEqualChunksInOrder()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 16).Select(i => (float)i).ToArray(), 2, 8);
        var gates = NasSharp.Tensors.Ops.Split(x, 1, 4);
        Assert.Equal(4, gates.Length);
        Assert.All(gates, g => Assert.Equal(new[] { 2, 2 }, g.Shape.ToArray()));
        Assert.Equal(new[] { 2f, 3f, 10f, 11f }, gates[1].ToArray());
    }

    [Fact]
    public void Split_NotDivisible_ThrowsNamingOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Split(Tensor.Zeros(2, 5), 1, 2));
        Assert.Contains("Split", ex.Message);
        Assert.Contains("[2, 5]", ex.Message);
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Split(Tensor.Zeros(2, 5), 1, 0));
    }
}

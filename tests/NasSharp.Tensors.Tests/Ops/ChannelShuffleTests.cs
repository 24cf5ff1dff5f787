using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class ChannelShuffleTests
{
    [Theory]
    [InlineData(new[] { 2, 6, 3, 3 }, 2)]
    [InlineData(new[] { 1, 6, 1, 5 }, 3)]
    [InlineData(new[] { 3, 4, 2, 1 }, 4)]
    [InlineData(new[] { 2, 5, 3, 3 }, 1)]
    public void ChannelShuffle_Shapes_GradientsMatchFiniteDifferences(int[] shape, int groups) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.ChannelShuffle(x[0], groups), OpAssert.RandomInputs(37, shape));

    [Fact]
    public void ChannelShuffle_SixChannelsTwoGroups_InterleavesGroups()
    {
        var x = Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 1, 6, 1, 1);
        Assert.Equal(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, NasSharp.Tensors.Ops.ChannelShuffle(x, 2).ToArray());
        Assert.Equal(new[] { 0f, 2f, 4f, 1f, 3f, 5f }, NasSharp.Tensors.Ops.ChannelShuffle(x, 3).ToArray());
    }

    [Fact]
    public void ChannelShuffle_Values_MatchReshapePermuteReshape()
    {
        var x = OpAssert.RandomInputs(38, [2, 6, 3, 5])[0];
        var composed = NasSharp.Tensors.Ops.Reshape(
            NasSharp.Tensors.Ops.Permute(NasSharp.Tensors.Ops.Reshape(x, 2, 3, 2, 15), 0, 2, 1, 3), 2, 6, 3, 5);
        Assert.Equal(composed.ToArray(), NasSharp.Tensors.Ops.ChannelShuffle(x, 3).ToArray());
    }

    [Fact]
    public void ChannelShuffle_BadInput_ThrowsNamingOpAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.ChannelShuffle(Tensor.Zeros(2, 6, 3, 3), 4));
        Assert.Contains("ChannelShuffle", ex.Message);
        Assert.Contains("[2, 6, 3, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.ChannelShuffle(Tensor.Zeros(6, 3, 3), 2));
    }
}

using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Spaces.Chain;

namespace NasSharp.Search.Tests.Spaces.Chain;

public class ChainCostTests
{
    private static readonly ChainSpaceOptions Small = new() { StemChannels = 8, StageChannels = [16, 32], StageLayers = [2, 2], LastChannels = 64, Classes = 5, InputChannels = 1 };

    [Theory]
    [InlineData("[3x3, 5x5, 7x7, xception]")]
    [InlineData("[xception, xception, 3x3, 7x7]")]
    public void ParameterCount_EqualsTheBuiltNetworks(string text)
    {
        var genotype = ChainGenotype.Parse(text);
        Assert.Equal(new ChainNetwork(genotype, Small, new Random(0)).ParameterCount(), ChainCost.ParameterCount(genotype, Small));
    }

    [Fact]
    public void ForwardFlops_BiggerKernel_CostsItsExtraDepthwiseTaps()
    {
        // Layer 1 (stride 1, 16 channels at 6x6 for 12x12 inputs): mid = 8, kernel 3 -> 7 adds 2 * 8 * (49 - 9) * 36.
        var three = ChainGenotype.Parse("[3x3, 3x3, 3x3, 3x3]");
        var seven = ChainGenotype.Parse("[3x3, 7x7, 3x3, 3x3]");
        Assert.Equal(2.0 * 8 * 40 * 36, ChainCost.ForwardFlops(seven, Small, 12) - ChainCost.ForwardFlops(three, Small, 12), 6);
    }
}

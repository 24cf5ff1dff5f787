using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Darts;

namespace NasSharp.Search.Tests.Spaces.Darts;

public class DartsCostTests
{
    [Fact]
    public void ParameterCount_DartsV2AtPaperSize_IsThePublished3Point35Million()
    {
        // DARTS's train.py prints "param size = 3.349342MB" for DARTS_V2, C = 36, 20 layers (auxiliary head excluded).
        Assert.Equal(3_349_342, DartsCost.ParameterCount(DartsGenotype.DartsV2, new DartsNetworkOptions()));
    }

    [Fact]
    public void ParameterCount_SmallNetwork_EqualsTheBuiltModulesCount()
    {
        var options = new DartsNetworkOptions(Channels: 4, Layers: 5, Classes: 7, InputChannels: 1, Auxiliary: true, ImageSize: 12);
        foreach (var genotype in new[] { DartsGenotype.DartsV1, DartsGenotype.DartsV2 })
        {
            var network = new DartsNetwork(genotype, options, new Random(0));
            var withoutAuxiliary = network.NamedParameters().Where(p => !p.Name.StartsWith("auxiliary", StringComparison.Ordinal)).Sum(p => (long)p.Tensor.Count);
            Assert.Equal(withoutAuxiliary, DartsCost.ParameterCount(genotype, options));
        }
    }

    [Fact]
    public void ForwardFlops_OneEdgeFromSkipToSepConv_AddsThatConvolutionInEveryNormalCell()
    {
        // Edge 7 reads state 2 (never strided). 8 layers: normal cells 0, 1 (C, 32x32), 3, 4 (2C, 16x16), 6, 7 (4C, 8x8).
        var options = new DartsNetworkOptions(Channels: 16, Layers: 8);
        var v2 = DartsGenotype.DartsV2;
        var normal = v2.Normal.ToArray();
        normal[7] = new DartsEdge(DartsOperation.SkipConnect, 2);
        var skip = new DartsGenotype(normal, v2.Reduce);
        normal[7] = new DartsEdge(DartsOperation.SepConv3x3, 2);
        var sep = new DartsGenotype(normal, v2.Reduce);
        var expected = 2 * (DartsCost.OpFlops(DartsOperation.SepConv3x3, 16, 1, 1024) + DartsCost.OpFlops(DartsOperation.SepConv3x3, 32, 1, 256) + DartsCost.OpFlops(DartsOperation.SepConv3x3, 64, 1, 64));
        Assert.Equal(expected, DartsCost.ForwardFlops(sep, options) - DartsCost.ForwardFlops(skip, options), 3);
        Assert.Equal(2 * ((2 * 16.0 * 9 * 1024) + (2 * 16.0 * 16 * 1024)), DartsCost.OpFlops(DartsOperation.SepConv3x3, 16, 1, 1024));
    }
}

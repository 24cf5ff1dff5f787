using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;

namespace NasSharp.Search.Tests.Spaces;

public class Nb201CostTests
{
    [Fact]
    public void ForwardFlops_EmptyCell_CountsOnlyStemReductionsAndClassifier()
    {
        // C = 1, N = 1, 4x4 input, 3 input channels, 2 classes; the all-none cell adds nothing.
        var options = new Nb201SupernetOptions(Channels: 1, CellsPerStage: 1, Classes: 2);
        var none = Nb201Genotype.Parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        var stem = 2.0 * 3 * 1 * 9 * 16;
        var reduction1 = (2.0 * 1 * 2 * 9 * 4) + (2.0 * 2 * 2 * 9 * 4) + (2.0 * 1 * 2 * 4) + (1 * 16); // C 1 -> 2 at 2x2
        var reduction2 = (2.0 * 2 * 4 * 9 * 1) + (2.0 * 4 * 4 * 9 * 1) + (2.0 * 2 * 4 * 1) + (2 * 4);  // C 2 -> 4 at 1x1
        var head = (4.0 * 1) + (2.0 * 4 * 2);
        Assert.Equal(stem + reduction1 + reduction2 + head, Nb201Cost.ForwardFlops(none, options, 4));
    }

    [Fact]
    public void ForwardFlops_ConvolutionCell_ExceedsSkipCellByTheConvolutionCost()
    {
        var options = new Nb201SupernetOptions(Channels: 16, CellsPerStage: 5);
        var skip = Nb201Genotype.Parse("|skip_connect~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|");
        var conv = skip.WithOp(0, Nb201Operation.NorConv3x3);
        var perCellAllStages = 5 * ((2.0 * 16 * 16 * 9 * 1024) + (2.0 * 32 * 32 * 9 * 256) + (2.0 * 64 * 64 * 9 * 64));
        Assert.Equal(perCellAllStages, Nb201Cost.ForwardFlops(conv, options, 32) - Nb201Cost.ForwardFlops(skip, options, 32), 6);
    }

    [Fact]
    public void ParameterCount_EmptyCellPlusEveryConvolution_EqualsTheSupernetsParameters()
    {
        // A supernet with affine cell batch norms holds, on every edge of every cell, one 1x1 and one 3x3 convolution.
        var options = new Nb201SupernetOptions(Channels: 4, CellsPerStage: 2, Classes: 7, InputChannels: 1) { CellBatchNorm = NasSharp.NN.Layers.BatchNormOptions.Default };
        var supernet = new Nb201Supernet(options, new NasSharp.Search.Supernets.Choices.FixedChoicePolicy(Nb201Supernet.PathOf(default)), new Random(0));
        var none = Nb201Genotype.Parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        var edges = new[] { 4, 8, 16 }.Sum(c => 6 * 2 * (Nb201Cost.OpParameters(Nb201Operation.NorConv1x1, c, true) + Nb201Cost.OpParameters(Nb201Operation.NorConv3x3, c, true)));
        Assert.Equal(supernet.ParameterCount(), Nb201Cost.ParameterCount(none, options) + edges);
    }

    [Fact]
    public void ParameterCount_ConvolutionEdge_AddsItsWeightsAndBatchNormPerCell()
    {
        var options = new Nb201SupernetOptions(Channels: 16, CellsPerStage: 5);
        var none = Nb201Genotype.Parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        var conv = none.WithOp(3, Nb201Operation.NorConv3x3);
        Assert.Equal(5 * ((16 * 16 * 9) + (32 * 32 * 9) + (64 * 64 * 9)), Nb201Cost.ParameterCount(conv, options) - Nb201Cost.ParameterCount(none, options));
        Assert.Equal(5 * ((16 * 16) + (32 * 32) + (64 * 64) + (2 * (16 + 32 + 64))), Nb201Cost.ParameterCount(none.WithOp(3, Nb201Operation.NorConv1x1), options with { CellBatchNorm = NasSharp.NN.Layers.BatchNormOptions.Default }) - Nb201Cost.ParameterCount(none, options));
    }

    [Fact]
    public void EdgeFlopsTable_SumOfAGenotypesEntries_IsItsCellFlops()
    {
        var options = new Nb201SupernetOptions(Channels: 8, CellsPerStage: 3);
        var genotype = Nb201Genotype.Parse("|nor_conv_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
        var none = Nb201Genotype.Parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        var table = Nb201Cost.EdgeFlopsTable(options, 32);
        var cells = Enumerable.Range(0, 6).Sum(e => table[(e * 5) + (int)genotype[e]]);
        Assert.Equal(Nb201Cost.ForwardFlops(genotype, options, 32) - Nb201Cost.ForwardFlops(none, options, 32), cells, 6);
    }
}

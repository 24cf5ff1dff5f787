using NasSharp.NN.Operations.Nb201;
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
}

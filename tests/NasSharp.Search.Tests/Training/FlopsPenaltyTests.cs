using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public class FlopsPenaltyTests
{
    private static readonly Nb201SupernetOptions Options = new(Channels: 8, CellsPerStage: 2, Classes: 10, InputChannels: 1);

    private static readonly ChainSpaceOptions Chain = new() { StemChannels = 8, StageChannels = [16, 32], StageLayers = [2, 1], LastChannels = 32, Classes = 3, InputChannels = 1 };

    private static Nb201Supernet Nb201(Nb201SupernetOptions options) => new(options, new FixedChoicePolicy(Nb201Supernet.PathOf(default)), new Random(0));

    [Fact]
    public void Term_Nb201UniformDistribution_IsTheMeanOpCostOverTheConvolutionCost()
    {
        var supernet = Nb201(Options);
        var penalty = new FlopsPenalty(supernet, 28, weight: 2f);
        var uniform = new ChoiceTables(supernet.Shapes, new Random(0), scale: 0f);

        // Per stage s (C = 8 * 2^s, HW = 784 / 4^s): conv3x3 18 C^2 HW and conv1x1 2 C^2 HW (the same every stage), pool 9 C HW.
        var conv3 = 18.0 * 64 * 784;
        var conv1 = 2.0 * 64 * 784;
        var pool = (9.0 * 8 * 784) + (9.0 * 16 * 196) + (9.0 * 32 * 49);
        var expected = 2 * ((3 * conv3) + (3 * conv1) + pool) / 5 / (3 * conv3);
        Assert.Equal(expected, penalty.Term(uniform, supernet.Mask).Item(), 5);
        Assert.Equal(6 * 2 * 3 * conv3, penalty.ReferenceFlops, 3);
    }

    [Fact]
    public void Term_Nb201Gradient_PushesAlphaFromConvolutionsTowardFreeOps()
    {
        var supernet = Nb201(Options);
        var tables = new ChoiceTables(supernet.Shapes, new Random(0), scale: 0f);
        new FlopsPenalty(supernet, 28, 1f).Term(tables, supernet.Mask).Backward();
        var grad = tables.Tables[0].Grad!.ToArray();
        for (var e = 0; e < 6; e++)
        {
            // d E / d alpha_k = p_k (cost_k - E): positive only for the 3x3 convolution (the one op above the mean cost), and
            // ordered as the costs: none = skip < pool < conv1x1 < conv3x3. Descent moves alpha toward the cheap ops.
            var row = grad.Skip(e * 5).Take(5).ToArray();
            Assert.True(row[3] > 0 && row[2] < 0 && row[4] < row[2] && row[0] < row[4] && row[0] == row[1], $"edge {e}: {string.Join(", ", row)}");
        }
    }

    [Fact]
    public void Term_ChainGradient_OrdersEachRowsChoicesByTheirCost()
    {
        var supernet = new ChainSupernet(Chain, new FixedChoicePolicy([new int[3]]), new Random(0));
        var tables = new ChoiceTables(supernet.Shapes, new Random(1), scale: 0f);
        var penalty = new FlopsPenalty(supernet, 12, 1f);
        var value = penalty.Term(tables, supernet.Mask);
        var costs = supernet.ChoiceFlops(12)[0];

        // Uniform p: the term is the mean cost over the reference.
        Assert.Equal(costs.Sum() / 4 / penalty.ReferenceFlops, value.Item(), 5);
        value.Backward();
        var grad = tables.Tables[0].Grad!.ToArray();
        for (var r = 0; r < 3; r++)
        {
            var byCost = Enumerable.Range(0, 4).OrderBy(k => costs[(r * 4) + k]).ToArray();
            var byGrad = Enumerable.Range(0, 4).OrderBy(k => grad[(r * 4) + k]).ToArray();
            Assert.Equal(byCost, byGrad);
        }
    }

    [Fact]
    public void Term_SubSupernet_ClosedChoicesCostNothingAndGetNoGradient()
    {
        var supernet = Nb201(Options);
        supernet.RestrictTo([new ChoiceSplit(0, 2, 3)]);
        var tables = new ChoiceTables(supernet.Shapes, new Random(0), scale: 0f);
        var penalty = new FlopsPenalty(supernet, 28, 1f);
        var restricted = penalty.Term(tables, supernet.Mask);
        restricted.Backward();
        Assert.All(tables.Tables[0].Grad!.ToArray().Skip(10).Take(5), g => Assert.Equal(0f, g));
        var open = penalty.Term(tables, ChoiceMask.AllOpen(supernet.Shapes)).Item();

        // Edge 2 moves from the mean cost to the 3x3 convolution's cost (the reference's per-edge maximum).
        var table = supernet.ChoiceFlops(28)[0];
        var shift = (table[13] - table.Skip(10).Take(5).Average()) / penalty.ReferenceFlops;
        Assert.Equal(open + shift, restricted.Item(), 5);
    }

    [Fact]
    public void ChoiceFlops_DartsSearchNetwork_SumsToThePathCostAboveTheEmptyNetwork()
    {
        var network = new DartsSearchNetwork(new DartsNetworkOptions(Channels: 4, Layers: 5, Classes: 3, ImageSize: 8), new FixedChoicePolicy([new int[14], new int[14]]), new Random(0));
        var table = network.ChoiceFlops(8);
        var path = DartsSearchNetwork.PathOf(DartsGenotype.DartsV2);
        var fromTable = Enumerable.Range(0, 2).Sum(g => Enumerable.Range(0, 14).Sum(e => table[g][(e * 8) + path[g][e]]));
        Assert.Equal(network.PathFlops(path, 8) - network.PathFlops([new int[14], new int[14]], 8), fromTable, 3);
    }

    [Fact]
    public void Constructor_NegativeWeight_Throws() =>
        Assert.Throws<ArgumentException>(() => new FlopsPenalty(Nb201(Options), 28, -1f));
}

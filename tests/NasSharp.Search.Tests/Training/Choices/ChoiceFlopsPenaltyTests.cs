using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training.Choices;

namespace NasSharp.Search.Tests.Training.Choices;

public class ChoiceFlopsPenaltyTests
{
    private static readonly ChainSpaceOptions Chain = new() { StemChannels = 8, StageChannels = [16, 32], StageLayers = [2, 1], LastChannels = 32, Classes = 3, InputChannels = 1 };

    [Fact]
    public void Term_Gradient_OrdersEachRowsChoicesByTheirCost()
    {
        var supernet = new ChainSupernet(Chain, new FixedChoicePolicy([new int[3]]), new Random(0));
        var tables = new ChoiceTables(supernet.Shapes, new Random(1), scale: 0f);
        var penalty = new ChoiceFlopsPenalty(supernet, 12, 1f);
        var value = penalty.Term(tables);
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
    public void ChoiceFlops_DartsSearchNetwork_SumsToThePathCostAboveTheEmptyNetwork()
    {
        var network = new DartsSearchNetwork(new DartsNetworkOptions(Channels: 4, Layers: 5, Classes: 3, ImageSize: 8), new FixedChoicePolicy([new int[14], new int[14]]), new Random(0));
        var table = network.ChoiceFlops(8);
        var path = DartsSearchNetwork.PathOf(DartsGenotype.DartsV2);
        var fromTable = Enumerable.Range(0, 2).Sum(g => Enumerable.Range(0, 14).Sum(e => table[g][(e * 8) + path[g][e]]));
        Assert.Equal(network.PathFlops(path, 8) - network.PathFlops([new int[14], new int[14]], 8), fromTable, 3);
    }
}

using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Search.Training.Choices;

namespace NasSharp.Search.Tests.Training.Choices;

public class ChoiceSearchTests
{
    private static readonly ChainSpaceOptions Chain = new() { StemChannels = 8, StageChannels = [16, 32], StageLayers = [1, 1], LastChannels = 32, Classes = 3 };

    [Theory]
    [InlineData(DifferentiableMethod.Darts)]
    [InlineData(DifferentiableMethod.DartsSecondOrder)]
    [InlineData(DifferentiableMethod.Gdas)]
    [InlineData(DifferentiableMethod.Snas)]
    [InlineData(DifferentiableMethod.Dsnas)]
    public void Run_ChainSpace_EachMethodRecordsEpochsAndMovesTheTables(DifferentiableMethod method)
    {
        var data = SearchFixture.Images(64).DartsHalves();
        var supernet = new ChainSupernet(Chain, new FixedChoicePolicy([new int[2]]), new Random(0));
        var trainer = ChoiceSearch.CreateTrainer(supernet, SearchFixture.Options(method, epochs: 2), 8);
        var before = trainer.Tables.Tables[0].ToArray();
        var bilevel = DifferentiableMethods.IsBilevel(method);
        var result = ChoiceSearch.Run(trainer, SearchFixture.Loader(data.Train), bilevel ? SearchFixture.Loader(data.Validation) : null);

        Assert.Equal(2, result.History.Count);
        Assert.All(result.History, h => Assert.True(double.IsFinite(h.TrainLoss) && h.Flops > 0 && h.ValidationLoss.HasValue == bilevel));
        Assert.NotEqual(before, trainer.Tables.Tables[0].ToArray());
        Assert.StartsWith("[", result.Architecture, StringComparison.Ordinal);
        var score = ChoiceSearch.ScorePath(supernet, result.Path, SearchFixture.Loader(data.Validation));
        Assert.Equal(32, score.Count);
    }

    [Fact]
    public void Run_DartsSpace_DerivesAGenotypeInTheDartsTextForm()
    {
        var data = SearchFixture.Images(16).DartsHalves();
        var network = new DartsSearchNetwork(new DartsNetworkOptions(Channels: 2, Layers: 3, Classes: 3, ImageSize: 8), new FixedChoicePolicy([new int[14], new int[14]]), new Random(0));
        var trainer = ChoiceSearch.CreateTrainer(network, SearchFixture.Options(DifferentiableMethod.Darts), 8);
        var result = ChoiceSearch.Run(trainer, SearchFixture.Loader(data.Train, batch: 8), SearchFixture.Loader(data.Validation, batch: 8));
        Assert.StartsWith("Genotype(normal=[", result.Architecture, StringComparison.Ordinal);
        Assert.Equal(2, result.Path.Count);
    }

    [Fact]
    public void TrainChild_KeepsTheTablesAndChangesTheWeights()
    {
        var data = SearchFixture.Images(32);
        var supernet = new ChainSupernet(Chain, new FixedChoicePolicy([new int[2]]), new Random(0));
        var trainer = ChoiceSearch.CreateTrainer(supernet, SearchFixture.Options(DifferentiableMethod.Dsnas), 8, scheduleEpochs: 2);
        var tables = trainer.Tables.Tables[0].ToArray();
        var child = ChoiceSearch.TrainChild(trainer, [new[] { 1, 3 }], SearchFixture.Loader(data), epochs: 1, firstEpoch: 1);
        Assert.Single(child);
        Assert.True(child[0].Child);
        Assert.Equal(tables, trainer.Tables.Tables[0].ToArray());
    }
}

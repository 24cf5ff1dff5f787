using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public class DartsEvaluationTrainingTests
{
    [Fact]
    public void Run_AuxiliaryHeadAndDropPath_LearnsAndRampsDropPath()
    {
        var data = SearchFixture.Images(48);
        var network = new DartsNetwork(DartsGenotype.DartsV2, new DartsNetworkOptions(Channels: 4, Layers: 3, Classes: 3, Auxiliary: true, ImageSize: 8), new Random(0));
        var options = new DartsEvaluationOptions { Epochs = 3, BatchSize = 16, LearningRate = 0.05f, DropPath = 0.2f };
        var result = DartsEvaluationTraining.Run(network, options, SearchFixture.Loader(data), SearchFixture.Loader(data));

        Assert.Equal(3, result.Epochs.Count);
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss, string.Join(", ", result.Epochs.Select(e => e.TrainLoss)));
        Assert.Equal(0.2f * 2 / 3, network.DropPathProbability, 5);
        Assert.NotNull(result.Test);
    }

    [Fact]
    public void Options_BadDropPath_Throws() =>
        Assert.Throws<ArgumentException>(() => new DartsEvaluationOptions { DropPath = 1f }.Validate());
}

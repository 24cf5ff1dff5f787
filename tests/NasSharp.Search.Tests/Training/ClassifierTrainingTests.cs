using NasSharp.Data;
using NasSharp.Search.Networks;
using NasSharp.Search.Spaces;
using NasSharp.Search.Training;
using NasSharp.Tasks;

namespace NasSharp.Search.Tests.Training;

public class ClassifierTrainingTests
{
    private static readonly SyntheticImageOptions Small = new() { Channels = 1, Size = 8, ClassCount = 4, MaxMotifs = 1, Distractors = 0, Noise = 0.1f };

    private static Nb201Network TinyNetwork(int seed) => new(
        Nb201Genotype.Parse("|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|"),
        Nb201Network.StandaloneOptions(channels: 8, cellsPerStage: 1, classes: 4, inputChannels: 1),
        new Random(seed));

    [Fact]
    public void Run_SyntheticMotifs_LearnsWellAboveChanceAndReportsEveryEpoch()
    {
        var train = SyntheticImages.Generate(1, 192, Small);
        var test = SyntheticImages.Generate(2, 96, Small);
        var network = TinyNetwork(0);
        var reports = new List<EpochReport>();
        var training = new ClassifierTraining(network, new ClassifierTrainingOptions { Epochs = 3, BatchSize = 32, LearningRate = 0.05, Seed = 3 });
        var result = training.Run(train, test, new SyncProgress(reports.Add));

        Assert.Equal([1, 2, 3], reports.Select(r => r.Epoch));
        Assert.Equal(0.05, reports[0].LearningRate, 6);
        Assert.True(reports[2].LearningRate < reports[1].LearningRate);
        Assert.Equal(0, reports[2].SecondsLeft);
        Assert.True(reports[2].TrainLoss < reports[0].TrainLoss, $"loss {reports[0].TrainLoss} -> {reports[2].TrainLoss}");
        Assert.True(result.Test!.Accuracy > 0.5, $"test accuracy {result.Test.Accuracy} (chance 0.25)");
        Assert.Equal(reports[2].TestAccuracy, result.Test.Accuracy);
        Assert.True(network.IsTraining);
    }

    [Fact]
    public void Run_SameSeeds_SameWeights()
    {
        var train = SyntheticImages.Generate(4, 64, Small);
        float[] Train()
        {
            var network = TinyNetwork(5);
            new ClassifierTraining(network, new ClassifierTrainingOptions { Epochs = 1, BatchSize = 16, Seed = 6 }).Run(train, null);
            return network.StateDict()["classifier.weight"].ToArray();
        }

        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Run_StepProgress_HearsEveryBatchInOrderWithTheLossesOfTheEpoch()
    {
        var train = SyntheticImages.Generate(4, 64, Small);
        var steps = new List<TrainingStep>();
        var epochs = new List<EpochReport>();
        new ClassifierTraining(TinyNetwork(5), new ClassifierTrainingOptions { Epochs = 2, BatchSize = 16, Seed = 6 })
            .Run(train, null, new SyncProgress(epochs.Add), stepProgress: new StepProgress(steps.Add));

        // 64 images in batches of 16: 4 steps per epoch, 8 in all, counted 1..8 across epochs.
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), steps.Select(s => s.Done));
        Assert.All(steps, s => Assert.Equal((2, 4, 8L), (s.Epochs, s.Batches, s.Total)));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], steps.Select(s => s.Epoch));
        // The epoch's training loss is the mean of its steps' losses (equal batches).
        Assert.Equal(epochs[0].TrainLoss, steps.Take(4).Average(s => s.Loss), 6);
    }

    [Fact]
    public void InitialLearningRate_Default_ScalesTheBenchmarkRateWithTheBatch()
    {
        Assert.Equal(0.1, new ClassifierTrainingOptions { BatchSize = 256 }.InitialLearningRate, 12);
        Assert.Equal(0.025, new ClassifierTrainingOptions { BatchSize = 64 }.InitialLearningRate, 12);
        Assert.Equal(0.3, new ClassifierTrainingOptions { BatchSize = 64, LearningRate = 0.3 }.InitialLearningRate, 12);
    }

    [Fact]
    public void DefaultAugmentation_FlipsOnlyCifar()
    {
        Assert.Equal(ImageAugmentation.CropAndFlip(4), ClassifierTraining.DefaultAugmentation(ImageDatasetKind.Cifar10));
        Assert.Equal(ImageAugmentation.CropAndFlip(4), ClassifierTraining.DefaultAugmentation(ImageDatasetKind.Cifar100));
        Assert.True(ClassifierTraining.DefaultAugmentation(ImageDatasetKind.Mnist).IsIdentity);
        Assert.True(ClassifierTraining.DefaultAugmentation(ImageDatasetKind.FashionMnist).IsIdentity);
        Assert.True(ClassifierTraining.DefaultAugmentation(ImageDatasetKind.Synthetic).IsIdentity);
    }

    [Theory]
    [InlineData(0, 32, null, "epochs")]
    [InlineData(1, 0, null, "batch size")]
    [InlineData(1, 32, -0.1, "learning rate")]
    public void Constructor_BadOption_ThrowsNamingIt(int epochs, int batch, double? lr, string named)
    {
        var options = new ClassifierTrainingOptions { Epochs = epochs, BatchSize = batch, LearningRate = lr };
        var ex = Assert.Throws<ArgumentException>(() => new ClassifierTraining(TinyNetwork(0), options));
        Assert.Contains(named, ex.Message);
    }

    private sealed class StepProgress(Action<TrainingStep> action) : IProgress<TrainingStep>
    {
        public void Report(TrainingStep value) => action(value);
    }
}

using NasSharp.Data;
using NasSharp.Search.Networks;
using NasSharp.Search.Spaces;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public sealed class ClassifierTrainingCheckpointTests : IDisposable
{
    private static readonly SyntheticImageOptions Small = new() { Channels = 1, Size = 8, ClassCount = 4, MaxMotifs = 1, Distractors = 0, Noise = 0.1f };
    private static readonly ClassifierTrainingOptions Recipe = new() { Epochs = 3, BatchSize = 16, LearningRate = 0.05, Seed = 3 };

    private readonly string directory = Directory.CreateTempSubdirectory("nassharp-classifier-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Nb201Network TinyNetwork() => new(
        Nb201Genotype.Parse("|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|avg_pool_3x3~2|"),
        Nb201Network.StandaloneOptions(channels: 4, cellsPerStage: 1, classes: 4, inputChannels: 1),
        new Random(7));

    [Fact]
    public void Run_StoppedAfterAnEpochThenResumed_EqualsAnUninterruptedRunBitwise()
    {
        var train = SyntheticImages.Generate(1, 80, Small);
        var test = SyntheticImages.Generate(2, 32, Small);
        var whole = TinyNetwork();
        var reference = new ClassifierTraining(whole, Recipe).Run(train, test);

        // The first attempt stops (as a killed process would) once the first epoch's checkpoint is written.
        using var stop = new CancellationTokenSource();
        var first = TinyNetwork();
        Assert.ThrowsAny<OperationCanceledException>(() => new ClassifierTraining(first, Recipe).Run(train, test, new SyncProgress(_ => stop.Cancel()), directory, cancellation: stop.Token));
        Assert.True(File.Exists(Path.Combine(directory, ClassifierTrainingCheckpoint.FileName)));

        var replayed = new List<EpochReport>();
        var resumed = TinyNetwork();
        var result = new ClassifierTraining(resumed, Recipe).Run(train, test, new SyncProgress(replayed.Add), directory);

        Assert.Equal([1, 2, 3], replayed.Select(r => r.Epoch));
        Assert.Equal(reference.Epochs.Select(e => (e.TrainLoss, e.TestAccuracy)), result.Epochs.Select(e => (e.TrainLoss, e.TestAccuracy)));
        Assert.Equal(reference.Test, result.Test);
        foreach (var (name, tensor) in whole.StateDict())
        {
            Assert.True(tensor.ToArray().SequenceEqual(resumed.StateDict()[name].ToArray()), $"{name} differs after resume");
        }
    }

    [Fact]
    public void Run_CheckpointOfAnotherRecipe_RefusesNamingBoth()
    {
        var train = SyntheticImages.Generate(1, 48, Small);
        new ClassifierTraining(TinyNetwork(), Recipe with { Epochs = 1 }).Run(train, null, checkpointDirectory: directory);

        var error = Assert.Throws<ArgumentException>(() => new ClassifierTraining(TinyNetwork(), Recipe with { Epochs = 1, BatchSize = 8 }).Run(train, null, checkpointDirectory: directory));

        Assert.Contains("BatchSize = 16", error.Message, StringComparison.Ordinal);
        Assert.Contains("BatchSize = 8", error.Message, StringComparison.Ordinal);
    }
}

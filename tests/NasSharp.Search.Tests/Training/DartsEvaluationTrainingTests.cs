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
    public void Run_CancelledAfterAnEpochThenResumed_EqualsAnUninterruptedRunBitwise()
    {
        // Three epochs with drop path 0.45 (drawing in epochs 2 and 3) and the auxiliary head; the interrupted run stops
        // after the second epoch's checkpoint and a fresh network resumes it from the directory.
        var data = SearchFixture.Images(48);
        var options = new DartsEvaluationOptions { Epochs = 3, BatchSize = 16, LearningRate = 0.05f, DropPath = 0.45f, Seed = 7 };
        DartsNetwork Network() => new(DartsGenotype.DartsV2, new DartsNetworkOptions(Channels: 4, Layers: 3, Classes: 3, Auxiliary: true, ImageSize: 8), new Random(0));
        var uninterrupted = Network();
        var reference = DartsEvaluationTraining.Run(uninterrupted, options, SearchFixture.Loader(data), SearchFixture.Loader(data));

        var directory = Directory.CreateTempSubdirectory("nassharp-darts-evaluation-").FullName;
        try
        {
            using var stop = new CancellationTokenSource();
            var progress = new SyncProgress(r => { if (r.Epoch == 2) { stop.Cancel(); } });
            Assert.Throws<OperationCanceledException>(() => DartsEvaluationTraining.Run(Network(), options, SearchFixture.Loader(data), SearchFixture.Loader(data), progress, directory, stop.Token));
            var resumed = Network();
            var result = DartsEvaluationTraining.Run(resumed, options, SearchFixture.Loader(data), SearchFixture.Loader(data), checkpointDirectory: directory);

            Assert.Equal(reference.Epochs.Select(e => e.TrainLoss), result.Epochs.Select(e => e.TrainLoss));
            Assert.Equal(reference.Test!.Accuracy, result.Test!.Accuracy);
            var expected = uninterrupted.StateDict();
            foreach (var (name, tensor) in resumed.StateDict())
            {
                Assert.True(expected[name].ToArray().AsSpan().SequenceEqual(tensor.ToArray()), name);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Options_BadDropPath_Throws() =>
        Assert.Throws<ArgumentException>(() => new DartsEvaluationOptions { DropPath = 1f }.Validate());
}

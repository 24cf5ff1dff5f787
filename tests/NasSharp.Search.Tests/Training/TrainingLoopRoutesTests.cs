using System.Text.Json;
using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Serialization;
using NasSharp.Search.Networks;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Tests.FewShot;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

/// <summary>
/// Differentiable search, supernet training and stand-alone training run in the one <see cref="TrainingLoop{TBatch, TRecord}"/>:
/// each reports an epoch only once that epoch's checkpoint is on disk (the loop's order: save, then report), and a
/// run killed in its epoch report (an exception thrown there, as a SIGKILL right after the report) resumes from the
/// loop's checkpoint to the weights of an uninterrupted run, bit for bit.
/// </summary>
public sealed class TrainingLoopRoutesTests : IDisposable
{
    private static readonly ClassifierTrainingOptions Recipe = new() { Epochs = 3, BatchSize = 16, LearningRate = 0.05, Seed = 4, GradientClip = 5 };

    private readonly string root = Directory.CreateTempSubdirectory("nassharp-loop-routes-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void SupernetTraining_KilledInTheEpochReportThenResumed_EqualsAnUninterruptedRunBitwise()
    {
        using var tiny = new TinyFewShot(epochs: 3);
        var whole = Supernet(tiny);
        var reference = new SupernetTraining(whole, tiny.Data.TrainLoader(), tiny.Manifest.Training).Run(directory: null);

        var directory = Path.Combine(root, "supernet");
        var saved = new List<int>();
        Assert.Throws<SimulatedKillException>(() => new SupernetTraining(Supernet(tiny), tiny.Data.TrainLoader(), tiny.Manifest.Training).Run(directory, p =>
        {
            if (p.EpochDone)
            {
                saved.Add(Saved(directory, SupernetCheckpoint.CheckpointFile, "state"));
                if (p.Epoch == 2)
                {
                    throw new SimulatedKillException();
                }
            }
        }));

        var resumed = Supernet(tiny);
        var training = new SupernetTraining(resumed, tiny.Data.TrainLoader(), tiny.Manifest.Training);
        Assert.True(training.TryResume(directory));
        var state = training.Run(directory, p => saved.Add(p.EpochDone ? Saved(directory, SupernetCheckpoint.CheckpointFile, "state") : 0));

        Assert.Equal([1, 2, 3], saved.Where(e => e > 0));
        Assert.Equal(reference.History.Select(h => (h.Loss, h.Accuracy, h.LearningRate)), state.History.Select(h => (h.Loss, h.Accuracy, h.LearningRate)));
        AssertSameWeights(whole, resumed);
    }

    [Fact]
    public void ClassifierTraining_KilledInTheEpochReportThenResumed_EqualsAnUninterruptedRunBitwise()
    {
        var train = SearchFixture.Images(64, seed: 2);
        var whole = Network();
        var reference = new ClassifierTraining(whole, Recipe).Run(train, null);

        var directory = Path.Combine(root, "classifier");
        var saved = new List<int>();
        Assert.Throws<SimulatedKillException>(() => new ClassifierTraining(Network(), Recipe).Run(train, null, new SyncProgress(r =>
        {
            saved.Add(Saved(directory, ClassifierTrainingCheckpoint.FileName, "progress"));
            if (r.Epoch == 1)
            {
                throw new SimulatedKillException();
            }
        }), directory));

        var resumed = Network();
        var result = new ClassifierTraining(resumed, Recipe).Run(train, null, new SyncProgress(r => saved.Add(Saved(directory, ClassifierTrainingCheckpoint.FileName, "progress"))), directory);

        Assert.Equal([1, 1, 2, 3], saved); // epoch 1 reported when killed, replayed on resume, then epochs 2 and 3
        Assert.Equal(reference.Epochs.Select(e => e.TrainLoss), result.Epochs.Select(e => e.TrainLoss));
        AssertSameWeights(whole, resumed);
    }

    [Fact]
    public void DifferentiableSearch_EveryEpochReport_FindsThatEpochsCheckpointOnDisk()
    {
        var data = SearchFixture.Images(48).DartsHalves();
        var trainer = DifferentiableSearch.CreateTrainer(SearchFixture.NewChain(), SearchFixture.Options(DifferentiableMethod.Gdas, epochs: 3), 8);
        var directory = Path.Combine(root, "search");
        var saved = new List<(int Epoch, int Saved)>();

        DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train), SearchFixture.Loader(data.Validation), e => saved.Add((e.Epoch + 1, Saved(directory, DifferentiableCheckpoint.FileName, "progress"))), directory);

        Assert.Equal([(1, 1), (2, 2), (3, 3)], saved);
    }

    private static Nb201Supernet Supernet(TinyFewShot tiny) => new(tiny.Manifest.Skeleton, new UniformChoicePolicy(new Random(0)), new Random(0));

    // A stand-alone network of the skip-free cell, on SearchFixture's 3-class RGB images.
    private static Nb201Network Network() => new(
        Nb201Genotype.Parse("|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|nor_conv_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|"),
        Nb201Network.StandaloneOptions(channels: 4, cellsPerStage: 1, classes: 3, inputChannels: 3),
        new Random(8));

    // The epochs done that the checkpoint file on disk records (0 when there is none).
    private static int Saved(string directory, string file, string key)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var json = JsonDocument.Parse(Safetensors.Load(path).Metadata[key]);
        return json.RootElement.GetProperty("completed_epochs").GetInt32();
    }

    private static void AssertSameWeights(Module expected, Module actual)
    {
        var other = actual.StateDict();
        Assert.All(expected.StateDict(), kv => Assert.True(kv.Value.ToArray().AsSpan().SequenceEqual(other[kv.Key].ToArray()), $"{kv.Key} differs after resuming"));
    }

    private sealed class SimulatedKillException : Exception;
}

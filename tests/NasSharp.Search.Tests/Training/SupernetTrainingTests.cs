using NasSharp.NN.Serialization;
using NasSharp.Search.FewShot;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Tests.FewShot;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public class SupernetTrainingTests
{
    private static Dictionary<string, float[]> Checkpoint(string nodeDirectory) =>
        Safetensors.Load(Path.Combine(nodeDirectory, SupernetCheckpoint.CheckpointFile)).Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

    [Theory]
    [InlineData(1, 5, false)] // stopped right after epoch 1's checkpoint
    [InlineData(2, 2, false)] // killed in the middle of epoch 2: its work is lost, the epoch-1 checkpoint is the resume point
    [InlineData(2, 2, true)] // the same for a chain-space supernet (ShuffleNetV2 blocks)
    public void Run_StoppedAndResumedInANewProcess_GivesBitwiseTheWeightsAndOptimizerOfAnUninterruptedRun(int stopEpoch, int stopBatch, bool chain)
    {
        using var straight = new TinyFewShot(epochs: 2, chain: chain);
        FewShotTraining.TrainOneShot(straight.Create(), straight.Data, resume: false);

        using var interrupted = new TinyFewShot(epochs: 2, chain: chain);
        using var stop = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => FewShotTraining.TrainOneShot(interrupted.Create(), interrupted.Data, resume: false, p =>
        {
            if (p.Epoch == stopEpoch && p.Batch == stopBatch)
            {
                stop.Cancel();
            }
        }, stop.Token));
        var directory = SupernetDirectory.Open(interrupted.SupernetPath);
        Assert.Equal(1, SupernetDirectory.State(directory.Root)!.CompletedEpochs);

        // A new "process": nothing but the directory is shared with the interrupted run.
        var resumed = FewShotTraining.TrainOneShot(SupernetDirectory.Open(interrupted.SupernetPath), interrupted.Data, resume: true);

        Assert.Equal(2, resumed.CompletedEpochs);
        var expected = Checkpoint(SupernetDirectory.Open(straight.SupernetPath).Root.Directory);
        var actual = Checkpoint(directory.Root.Directory);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.Contains(expected.Keys, k => k.StartsWith("optimizer.", StringComparison.Ordinal));
        foreach (var (name, values) in expected)
        {
            Assert.True(values.AsSpan().SequenceEqual(actual[name]), $"{name} differs after resuming");
        }
    }

    [Fact]
    public void TrainOneShot_ExistingCheckpointWithoutResume_RefusesToOverwrite()
    {
        using var tiny = new TinyFewShot(epochs: 1);
        FewShotTraining.TrainOneShot(tiny.Create(), tiny.Data, resume: false);
        var ex = Assert.Throws<InvalidOperationException>(() => FewShotTraining.TrainOneShot(SupernetDirectory.Open(tiny.SupernetPath), tiny.Data, resume: false));
        Assert.Contains("--resume", ex.Message);
    }

    [Fact]
    public void TryResume_CheckpointOfAnotherRecipe_ThrowsNamingBoth()
    {
        using var tiny = new TinyFewShot(epochs: 1);
        var directory = tiny.Create();
        FewShotTraining.TrainOneShot(directory, tiny.Data, resume: false);
        var net = new Nb201Supernet(tiny.Manifest.Skeleton, new UniformChoicePolicy(new Random(0)), new Random(0));
        var training = new SupernetTraining(net, tiny.Data.TrainLoader(), tiny.Manifest.Training with { Epochs = 3 });
        var ex = Assert.Throws<ArgumentException>(() => training.TryResume(directory.Root.Directory));
        Assert.Contains("1 epochs", ex.Message);
        Assert.Contains("3 epochs", ex.Message);
    }

    [Fact]
    public void Run_UniformSampling_LeavesOperationsOffTheSampledPathUntouched()
    {
        using var tiny = new TinyFewShot();
        var loader = new NasSharp.Data.DataLoader(tiny.Data.Train.Subset([.. Enumerable.Range(0, 32)]), new NasSharp.Data.DataLoaderOptions { BatchSize = 32, Normalization = tiny.Data.Normalization });
        var net = new Nb201Supernet(tiny.Manifest.Skeleton, new UniformChoicePolicy(new Random(0)), new Random(0));
        var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        new SupernetTraining(net, loader, tiny.Manifest.Training with { Epochs = 1 }).Run(directory: null);

        var path = ((UniformChoicePolicy)net.Policy).CurrentPath;
        var changed = 0;
        foreach (var (name, tensor) in net.StateDict())
        {
            var edge = EdgeOperation(name);
            var moved = !before[name].AsSpan().SequenceEqual(tensor.Data);
            changed += moved ? 1 : 0;
            if (edge is { } e && NasSharp.Search.Spaces.Nb201Operations.Name((NasSharp.Search.Spaces.Nb201Operation)path[0][e.Edge]) != e.Op)
            {
                Assert.False(moved, $"{name} moved although the path was {string.Join(",", path[0])}");
            }
        }

        Assert.True(changed > 0);
    }

    [Fact]
    public void Run_PathDropout_TrainsAndRecordsEveryEpoch()
    {
        using var tiny = new TinyFewShot(epochs: 2, sampling: SupernetSampling.PathDropout);
        var state = FewShotTraining.TrainOneShot(tiny.Create(), tiny.Data, resume: false);
        Assert.Equal([1, 2], state.History.Select(h => h.Epoch));
        Assert.All(state.History, h => Assert.True(double.IsFinite(h.Loss) && h.Loss > 0));
        Assert.Equal(10, state.Steps);
    }

    // "cells.0.edges.3.nor_conv_3x3.op.1.weight" -> (3, "nor_conv_3x3"); null outside the cells' edges.
    private static (int Edge, string Op)? EdgeOperation(string name)
    {
        var parts = name.Split('.');
        return parts.Length > 4 && parts[0] == "cells" && parts[2] == "edges" ? (int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture), parts[4]) : null;
    }
}

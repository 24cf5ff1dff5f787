using NasSharp.Search.FewShot;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Tests.FewShot;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Pipelines;

public class WeightSharingSupernetsTests
{
    private static readonly ChainSpaceOptions Chain = new() { StemChannels = 8, StageChannels = [16], StageLayers = [2], LastChannels = 16, Classes = 10, InputChannels = 3 };
    private static readonly SupernetTrainingOptions Training = new() { Epochs = 2, Seed = 5 };

    private static ChainSupernet Root() => new(Chain, new FixedChoicePolicy([new int[Chain.Layers]]), new Random(7));

    private static FewShotSupernet Train(TinyFewShot tiny, string? directory, Action<string, SupernetProgress>? progress = null, CancellationToken cancellationToken = default) =>
        WeightSharingSupernets.Train(Root(), tiny.Data.TrainLoader(), Training, (0, 0), 1, progress, directory, cancellationToken);

    [Fact]
    public void Train_StoppedInASubSupernetThenCalledAgain_EverySupernetBitwiseAsAnUninterruptedRunWithoutRetrainingTheFinishedOnes()
    {
        using var tiny = new TinyFewShot();
        var straight = Train(tiny, directory: null);

        var directory = Path.Combine(tiny.Root, "supernets");
        using var stop = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Train(tiny, directory, (part, p) =>
        {
            if (part.StartsWith("sub-supernet 1 ", StringComparison.Ordinal) && p.Batch == 2)
            {
                stop.Cancel();
            }
        }, stop.Token));
        Assert.True(File.Exists(Path.Combine(directory, WeightSharingSupernets.SplitFolder(0), SupernetCheckpoint.CheckpointFile)));
        Assert.False(File.Exists(Path.Combine(directory, WeightSharingSupernets.SplitFolder(1), SupernetCheckpoint.CheckpointFile)));

        var trained = new HashSet<string>();
        var resumed = Train(tiny, directory, (part, _) => trained.Add(part.Split(" (")[0]));

        Assert.Equal(["sub-supernet 1", "sub-supernet 2", "sub-supernet 3"], trained.Order());
        Assert.Equal(straight.Supernets.Count, resumed.Supernets.Count);
        foreach (var (expected, actual) in straight.Supernets.Zip(resumed.Supernets))
        {
            Assert.Equal(expected.Splits, actual.Splits);
            var weights = actual.StateDict();
            foreach (var (name, tensor) in expected.StateDict())
            {
                Assert.True(tensor.ToArray().AsSpan().SequenceEqual(weights[name].ToArray()), $"{name} of the supernet split on {string.Join(", ", expected.Splits)} differs after resuming");
            }
        }
    }
}

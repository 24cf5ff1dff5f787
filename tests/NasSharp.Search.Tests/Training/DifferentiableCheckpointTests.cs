using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public sealed class DifferentiableCheckpointTests : IDisposable
{
    private static readonly ChainSpaceOptions Chain = new() { StemChannels = 8, StageChannels = [16, 32], StageLayers = [1, 1], LastChannels = 32, Classes = 3 };
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(DifferentiableMethod.Darts)]
    [InlineData(DifferentiableMethod.Gdas)]
    [InlineData(DifferentiableMethod.Dsnas)]
    public void Run_KilledAfterAnEpochThenResumed_EndsBitwiseAsTheUninterruptedRun(DifferentiableMethod method)
    {
        var whole = Search(method, Path.Combine(root, "whole"), killAfter: null);

        var dir = Path.Combine(root, "killed");
        Assert.Throws<SimulatedKillException>(() => Search(method, dir, killAfter: 2));
        var resumed = Search(method, dir, killAfter: null);

        Assert.Equal(whole.Result.Architecture, resumed.Result.Architecture);
        Assert.Equal(3, resumed.Result.History.Count);
        Assert.Equal(whole.Result.Flops, resumed.Result.Flops);
        for (var g = 0; g < whole.Trainer.Tables.Tables.Count; g++)
        {
            Assert.Equal(whole.Trainer.Tables.Tables[g].ToArray(), resumed.Trainer.Tables.Tables[g].ToArray());
        }

        var a = whole.Trainer.Supernet.StateDict();
        var b = resumed.Trainer.Supernet.StateDict();
        Assert.All(a, kv => Assert.Equal(kv.Value.ToArray(), b[kv.Key].ToArray()));
        Assert.Equal(whole.Result.History.Select(h => h.TrainLoss), resumed.Result.History.Select(h => h.TrainLoss));
    }

    [Fact]
    public void Run_CheckpointOfAnotherRecipe_IsRefusedNamingBoth()
    {
        var dir = Path.Combine(root, "other");
        Search(DifferentiableMethod.Darts, dir, killAfter: null);
        var ex = Assert.Throws<ArgumentException>(() => Search(DifferentiableMethod.Darts, dir, killAfter: null, seed: 5));
        Assert.Contains("resume with the same settings", ex.Message, StringComparison.Ordinal);
    }

    private static (DifferentiableSearchResult Result, DifferentiableTrainer Trainer) Search(DifferentiableMethod method, string directory, int? killAfter, int seed = 0)
    {
        var data = SearchFixture.Images(48).DartsHalves();
        var supernet = new ChainSupernet(Chain, new FixedChoicePolicy([new int[2]]), new Random(0));
        var trainer = DifferentiableSearch.CreateTrainer(supernet, SearchFixture.Options(method, epochs: 3) with { Seed = seed }, 8);
        var bilevel = DifferentiableMethods.IsBilevel(method);
        var seen = 0;
        var result = DifferentiableSearch.Run(trainer, SearchFixture.Loader(data.Train), bilevel ? SearchFixture.Loader(data.Validation) : null, _ =>
        {
            // The epoch's records exist but its checkpoint is not written yet: a kill here loses that epoch.
            if (++seen == killAfter)
            {
                throw new SimulatedKillException();
            }
        }, directory);
        return (result, trainer);
    }

    private sealed class SimulatedKillException : Exception;
}

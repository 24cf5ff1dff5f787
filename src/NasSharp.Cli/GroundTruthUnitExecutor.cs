using System.Collections.Concurrent;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// Runs <c>groundtruth</c> units: one NAS-Bench-201 architecture trained stand-alone by
/// <see cref="StandaloneTraining.Train"/>, the recipe <c>nas groundtruth</c> has always used. Loaded data is kept
/// per (dataset, directory, data options), so a worker loads each dataset once.
/// </summary>
internal sealed class GroundTruthUnitExecutor(string? dataOverride) : IUnitExecutor
{
    private readonly ConcurrentDictionary<(string, string?, FewShotDataOptions), FewShotData> loaded = new();

    public string Kind => GroundTruthUnit.Kind;

    /// <summary>Makes <paramref name="data"/> the data of units with these settings (the enqueuing process already loaded it).</summary>
    public void Preload(GroundTruthUnit unit, FewShotData data) => loaded[Key(unit)] = data;

    public TrialResult Execute(LeasedUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var settings = GroundTruthUnit.Parse(unit.PayloadJson);
        var key = Key(settings);
        var data = loaded.GetOrAdd(key, k => FewShotData.Load(k.Item1, k.Item2, k.Item3));
        var genotype = Nb201Genotype.Parse(unit.Genotype);
        var result = StandaloneTraining.Train(genotype, data, settings.Channels, settings.Cells, settings.Epochs, settings.LearningRate, settings.Seed);
        return new TrialResult(new Dictionary<string, double>
        {
            ["test_accuracy"] = result.TestAccuracy,
            ["valid_accuracy"] = result.ValidationAccuracy,
            ["train_accuracy"] = result.TrainAccuracy,
            ["test_loss"] = result.TestLoss,
            ["train_seconds"] = result.Seconds,
            ["conv_count"] = ArchitectureSample.ConvolutionCount(genotype),
        })
        { WallSeconds = result.Seconds };
    }

    private (string, string?, FewShotDataOptions) Key(GroundTruthUnit unit) =>
        (unit.Dataset, SupernetCliOptions.DataDirectory(dataOverride) ?? unit.Data, unit.DataOptions);
}

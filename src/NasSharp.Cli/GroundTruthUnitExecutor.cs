using System.Collections.Concurrent;
using NasSharp.Search.FewShot;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// Runs <c>groundtruth</c> units: one architecture trained stand-alone with the recipe <c>nas groundtruth</c> has
/// always used: a NAS-Bench-201 cell network by <see cref="StandaloneTraining.Train"/>, a chain-space
/// <see cref="ChainNetwork"/> of the unit's skeleton by <see cref="StandaloneTraining.TrainNetwork"/>, its weights seeded
/// by the unit's seed as NB201's are. Loaded data is kept per (dataset, directory, data options), so a worker loads
/// each dataset once.
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
        return settings.Space == SearchSpaceKind.Chain ? Chain(unit.Genotype, settings, data) : Nb201(unit.Genotype, settings, data);
    }

    private static TrialResult Nb201(string architecture, GroundTruthUnit settings, FewShotData data)
    {
        var genotype = Nb201Genotype.Parse(architecture);
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

    private static TrialResult Chain(string architecture, GroundTruthUnit settings, FewShotData data)
    {
        var skeleton = settings.Chain ?? throw new InvalidDataException($"{GroundTruthUnit.Kind} unit of the chain space without its skeleton: {architecture}");
        var genotype = ChainGenotype.Parse(architecture);
        var network = new ChainNetwork(genotype, skeleton, new Random(settings.Seed));
        var result = StandaloneTraining.TrainNetwork(network, data, settings.Epochs, settings.LearningRate, settings.Seed);
        return new TrialResult(new Dictionary<string, double>
        {
            ["test_accuracy"] = result.TestAccuracy,
            ["valid_accuracy"] = result.ValidationAccuracy,
            ["train_accuracy"] = result.TrainAccuracy,
            ["test_loss"] = result.TestLoss,
            ["train_seconds"] = result.Seconds,
            ["first_layer"] = (int)genotype.Choices[0],
            ["params"] = ChainCost.ParameterCount(genotype, skeleton),
        })
        { WallSeconds = result.Seconds };
    }

    private (string, string?, FewShotDataOptions) Key(GroundTruthUnit unit) =>
        (unit.Dataset, SupernetCliOptions.DataDirectory(dataOverride) ?? unit.Data, unit.DataOptions);
}

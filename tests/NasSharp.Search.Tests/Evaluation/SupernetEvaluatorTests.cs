using NasSharp.Search.Evaluation;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Tests.FewShot;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Evaluation;

public sealed class SupernetEvaluatorTests : IDisposable
{
    private static readonly Nb201Genotype Convs = Nb201Genotype.Parse("|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");
    private static readonly Nb201Genotype Pools = Nb201Genotype.Parse("|avg_pool_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|avg_pool_3x3~0|none~1|skip_connect~2|");

    private readonly TinyFewShot tiny = new(epochs: 1);

    public void Dispose() => tiny.Dispose();

    private FewShotSupernet OneShot()
    {
        var directory = tiny.Create();
        if (SupernetDirectory.State(directory.Root) == null)
        {
            FewShotTraining.TrainOneShot(directory, tiny.Data, resume: false);
        }

        return FewShotSupernet.Load(directory, maxDepth: 0);
    }

    [Fact]
    public void Evaluate_ScoreDoesNotDependOnTheGenotypeEvaluatedBefore()
    {
        var set = OneShot();
        var first = new SupernetEvaluator<Nb201Genotype>(set, tiny.Data.ValidationLoader(), Nb201Supernet.PathOf).Evaluate(Convs).Score;

        var other = new SupernetEvaluator<Nb201Genotype>(set, tiny.Data.ValidationLoader(), Nb201Supernet.PathOf);
        other.Evaluate(Pools);
        var afterAnother = other.Evaluate(Convs).Score;

        // A fresh copy of the supernet from disk too: no state may survive anywhere.
        var fresh = new SupernetEvaluator<Nb201Genotype>(OneShot(), tiny.Data.ValidationLoader(), Nb201Supernet.PathOf).Evaluate(Convs).Score;
        Assert.Equal(first, afterAnother);
        Assert.Equal(first, fresh);
        Assert.InRange(first, 0, 100);
    }

    [Fact]
    public void Evaluate_LeavesTheSupernetUnchanged_RunningStatisticsIncluded()
    {
        var set = OneShot();
        var before = set.Root.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        Assert.Contains(set.Root.NamedBuffers(), b => b.Name.EndsWith("running_mean", StringComparison.Ordinal));
        var evaluator = new SupernetEvaluator<Nb201Genotype>(set, tiny.Data.ValidationLoader(), Nb201Supernet.PathOf);
        evaluator.Evaluate(Convs);
        evaluator.Evaluate(Pools);
        foreach (var (name, tensor) in set.Root.StateDict())
        {
            Assert.True(before[name].AsSpan().SequenceEqual(tensor.Data), $"{name} changed by evaluation");
        }
    }

    [Fact]
    public void Evaluate_RepeatedGenotype_ComesFromTheCache()
    {
        var evaluator = new SupernetEvaluator<Nb201Genotype>(OneShot(), tiny.Data.ValidationLoader(), Nb201Supernet.PathOf);
        var a = evaluator.Evaluate(Convs);
        var b = evaluator.Evaluate(Convs);
        Assert.Equal(a, b);
        Assert.Equal(1, evaluator.Evaluated);
        Assert.Null(a.Reported);
    }

    [Fact]
    public void Evaluate_FewShot_UsesTheSubSupernetOfTheGenotype()
    {
        tiny.TrainedWithSplits(edge: 0);
        var directory = SupernetDirectory.Open(tiny.SupernetPath);
        var few = new SupernetEvaluator<Nb201Genotype>(FewShotSupernet.Load(directory), tiny.Data.ValidationLoader(), Nb201Supernet.PathOf);
        var one = new SupernetEvaluator<Nb201Genotype>(FewShotSupernet.Load(directory, maxDepth: 0), tiny.Data.ValidationLoader(), Nb201Supernet.PathOf);

        // Identical weights would give identical scores; the sub-supernet trained on, so its score is its own.
        var sub = FewShotSupernet.Load(directory).Route(Convs);
        Assert.Single(sub.Splits);
        var scores = Nb201Space.Instance.Neighbours(Convs).Take(8).Select(g => (Few: few.Evaluate(g).Score, One: one.Evaluate(g).Score)).ToList();
        Assert.Contains(scores, s => s.Few != s.One);
    }

    [Fact]
    public void Constructor_ShufflingLoader_Throws()
    {
        var shuffled = tiny.Data.TrainLoader();
        var ex = Assert.Throws<ArgumentException>(() => new SupernetEvaluator<Nb201Genotype>(OneShot(), shuffled, Nb201Supernet.PathOf));
        Assert.Contains("must not shuffle", ex.Message);
    }

    [Fact]
    public void ScoringSource_ScoresEveryArchitectureAndRejectsForeignStrings()
    {
        OneShot();
        string[] archs = [Convs.ToString(), Pools.ToString()];
        var scoring = new SupernetScoringSource(tiny.SupernetPath, archs, dataDirectory: null, SupernetView.OneShot).Load();
        Assert.Equal(archs, scoring.Architectures);
        // The source reads the data the manifest names (the standard synthetic set), not the tiny test sets.
        var data = FewShotData.Load(tiny.Manifest.Dataset, null, tiny.Manifest.Data);
        Assert.Equal(new SupernetEvaluator<Nb201Genotype>(OneShot(), data.ValidationLoader(), Nb201Supernet.PathOf).Evaluate(Convs).Score, scoring[archs[0]]);

        var bad = new SupernetScoringSource(tiny.SupernetPath, ["resnet"], dataDirectory: null, SupernetView.OneShot);
        Assert.Contains("'resnet'", Assert.Throws<InvalidDataException>(bad.Load).Message);

        var noSplits = new SupernetScoringSource(tiny.SupernetPath, archs, dataDirectory: null, SupernetView.FewShot);
        Assert.Contains("no sub-supernets", Assert.Throws<InvalidOperationException>(noSplits.Load).Message);
    }
}

using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Training;
using NasSharp.Search.Growth;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Recurrent;
using NasSharp.Search.Spaces.DartsRnn;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Search.Tasks;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Recurrent;

/// <summary>
/// Few-shot search on the recurrent spaces (issue 12 item 5; Zhao et al., ICML 2021): the one-shot warm-up, one part
/// per operation of the split row that the derivation can keep, each started from the parent's weights and alpha, the
/// part with the lowest alpha-stream loss chosen, and a search killed inside a part resumed bit for bit.
/// </summary>
public sealed class RecurrentFewShotSearchTests : IDisposable
{
    private static readonly TimeSeriesDataset Series = SyntheticSequences.Series(5, rows: 300, columns: 3);

    private static readonly LanguageModelData Tokens = SyntheticSequences.Tokens(7, vocabulary: 10, train: 1_600, alpha: 400, valid: 200, test: 200);

    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-rnnfewshot-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(RecurrentSpace.Tib, 0, "split-0-")]
    [InlineData(RecurrentSpace.Tib, 2, "split-2.0-")]
    [InlineData(RecurrentSpace.DartsRnn, 0, "split-0-")]
    [InlineData(RecurrentSpace.DartsRnn, 2, "split-1.1-")]
    public void RunForecast_FewShot_OnePartPerDerivableOpOfTheSplitRowAndTheLowestAlphaLossChosen(RecurrentSpace space, int edge, string prefix)
    {
        var options = Forecast(space, DifferentiableMethod.Darts) with { FewShot = new RecurrentFewShotOptions { SplitEdge = edge, SplitEpochs = 2 } };

        var result = RecurrentSearch.RunForecast(options, Series);

        var fewShot = result.FewShot!;
        // darts-rnn's derivation never keeps none, so none makes no part (RECURRENT.md 0.4 items 5-6); tib has no none.
        var ops = space == RecurrentSpace.Tib
            ? Enumerable.Range(0, TibOperations.Count).Select(k => TibOperations.Name((TibOperation)k))
            : Enumerable.Range(1, DartsRnnOperations.Count - 1).Select(k => DartsRnnOperations.Name((DartsRnnOperation)k));
        Assert.Equal(ops.Select(op => prefix + op), fewShot.Parts.Select(p => p.Name));
        var (group, row) = space == RecurrentSpace.Tib ? (edge, 0) : (edge == 0 ? (0, 0) : (1, 1));
        Assert.Equal(space == RecurrentSpace.Tib ? $"node {edge}" : $"node {group + 1} <- {row}", fewShot.SplitRow);
        Assert.Equal(2, fewShot.WarmUp.AlphaLosses.Count);
        foreach (var part in fewShot.Parts)
        {
            Assert.Equal(2, part.Search.AlphaLosses.Count);
            // The part's row keeps its own op alone: probability 1 there, 0 for every other op of the row.
            var choices = space == RecurrentSpace.Tib ? TibOperations.Count : DartsRnnOperations.Count;
            var probabilities = part.Search.Search.History[^1].Probabilities[group].Skip(row * choices).Take(choices).ToArray();
            var op = part.Name[prefix.Length..];
            Assert.All(probabilities.Select((p, k) => (p, k)), x => Assert.Equal(ChoiceName(space, x.k) == op ? 1f : 0f, x.p));
        }

        var lowest = fewShot.Parts.Min(p => p.AlphaLoss);
        Assert.Equal(fewShot.Parts.First(p => p.AlphaLoss == lowest), fewShot.Chosen);
        Assert.Equal(fewShot.Chosen.Search.Genotype, result.Genotype);
        Assert.Equal(lowest, result.AlphaLoss);
        Assert.True(fewShot.Parts.Select(p => p.AlphaLoss).Distinct().Count() > 1, "every part scored the same: the choice among them would be vacuous");
    }

    [Theory]
    [InlineData(RecurrentSpace.Tib)]
    [InlineData(RecurrentSpace.DartsRnn)]
    public void RunLanguageModel_FewShot_EachPartStartsFromTheParentsWeightsAndAlphaAfterTheWarmUp(RecurrentSpace space)
    {
        var options = Language(space, DifferentiableMethod.Darts) with { FewShot = new RecurrentFewShotOptions { SplitEpochs = 1 } };
        DifferentiableTrainer? parent = null;
        float[][]? initialAlpha = null;
        var checkedParts = new List<string>();

        RecurrentSearch.RunLanguageModel(options, Tokens, new RecurrentSearch.Callbacks(OnPart: part =>
        {
            if (part.Name == FewShotDifferentiableSearch.OneShotPart)
            {
                (parent, initialAlpha) = (part.Trainer, part.Trainer.Tables.Logits());
                return;
            }

            Assert.NotNull(parent);
            var (parentState, childState) = (parent.Supernet.StateDict(), part.Trainer.Supernet.StateDict());
            Assert.Equal(parentState.Keys.Order(), childState.Keys.Order());
            Assert.All(parentState, kv => Assert.Equal(kv.Value.ToArray(), childState[kv.Key].ToArray()));
            Assert.Equal(parent.Tables.Logits(), part.Trainer.Tables.Logits());
            Assert.Single(part.Trainer.Supernet.Splits);
            checkedParts.Add(part.Name);
        }));

        Assert.Equal(space == RecurrentSpace.Tib ? TibOperations.Count : DartsRnnOperations.Count - 1, checkedParts.Count);
        // What the parts inherit is the warmed-up parent, not its initial alpha.
        Assert.NotEqual(initialAlpha, parent!.Tables.Logits());
    }

    [Fact]
    public void RunForecast_FewShot_WarmUpIsTheOneShotSearchOfItsEpochs()
    {
        var options = Forecast(RecurrentSpace.Tib, DifferentiableMethod.Gdas);

        var oneShot = RecurrentSearch.RunForecast(options, Series);
        var fewShot = RecurrentSearch.RunForecast(options with { FewShot = new RecurrentFewShotOptions() }, Series).FewShot!;

        Assert.Equal(oneShot.AlphaLosses.Select(a => a.Loss), fewShot.WarmUp.AlphaLosses.Select(a => a.Loss));
        Assert.Equal(oneShot.Search.History.Select(h => h.TrainLoss), fewShot.WarmUp.Search.History.Select(h => h.TrainLoss));
        Assert.Equal(oneShot.Genotype, fewShot.WarmUp.Genotype);
    }

    [Theory]
    [InlineData(RecurrentSpace.DartsRnn, DifferentiableMethod.Gdas)]
    [InlineData(RecurrentSpace.Tib, DifferentiableMethod.Snas)]
    public void RunLanguageModel_FewShotKilledInsideASplitPart_ResumesBitwise(RecurrentSpace space, DifferentiableMethod method)
    {
        // Dropout masks, drawn window lengths and Gumbel samples all depend on keyed random streams, per part.
        var options = Language(space, method) with
        {
            RandomBptt = true, CellInputDropout = 0.2f, CellHiddenDropout = 0.1f, OutputDropout = 0.2f,
            FewShot = new RecurrentFewShotOptions { SplitEpochs = 2 },
        };
        var whole = RecurrentSearch.RunLanguageModel(options, Tokens, null, Path.Combine(root, "whole"));
        var dir = Path.Combine(root, "killed");
        var (part, seen) = (string.Empty, 0);
        Assert.Throws<SimulatedKillException>(() => RecurrentSearch.RunLanguageModel(options, Tokens, new RecurrentSearch.Callbacks(
            OnEpoch: _ =>
            {
                // The first epoch of the second split part: a part done, a part half done, the others not begun.
                if (part != FewShotDifferentiableSearch.OneShotPart && ++seen == 3)
                {
                    throw new SimulatedKillException();
                }
            },
            OnPart: p => part = p.Name), dir));
        Assert.True(File.Exists(Path.Combine(dir, whole.FewShot!.Parts[1].Name, "search.safetensors")));
        Assert.False(Directory.Exists(Path.Combine(dir, whole.FewShot.Parts[2].Name)));

        var resumed = RecurrentSearch.RunLanguageModel(options, Tokens, null, dir);

        Assert.Equal(Losses(whole), Losses(resumed));
        Assert.Equal(whole.FewShot.Parts.Select(p => p.Search.Genotype), resumed.FewShot!.Parts.Select(p => p.Search.Genotype));
        Assert.Equal(whole.FewShot.Chosen.Name, resumed.FewShot.Chosen.Name);
        Assert.Equal(whole.Genotype, resumed.Genotype);
    }

    [Fact]
    public void SplitRow_NumbersTheMixedEdgesOfTheNodesInOrder()
    {
        var darts = new DartsRnnSearchCell(4, 4, nodes: 3, capacity: 3, new Random(0));
        var tib = new TibSearchCell(4, 4, nodes: 3, capacity: 3, new Random(0));

        Assert.Equal([(0, 0), (1, 0), (1, 1), (2, 0), (2, 1), (2, 2)], Enumerable.Range(0, 6).Select(e => RecurrentFewShotSearch.SplitRow(darts, e)));
        Assert.Equal([(0, 0), (1, 0), (2, 0)], Enumerable.Range(0, 3).Select(e => RecurrentFewShotSearch.SplitRow(tib, e)));
        Assert.Throws<ArgumentException>(() => RecurrentFewShotSearch.SplitRow(darts, 6));
        Assert.Equal(6, (Forecast(RecurrentSpace.DartsRnn, DifferentiableMethod.Darts) with { MaxNodes = 3 }).SplitEdgeCount);
        Assert.Equal(3, (Forecast(RecurrentSpace.Tib, DifferentiableMethod.Darts) with { MaxNodes = 3 }).SplitEdgeCount);
    }

    [Theory]
    [InlineData(RecurrentSpace.Tib, GrowthMode.Gtp, 0, 1, "--fewshot splits a fixed supernet and cannot be combined with --grow gtp")]
    [InlineData(RecurrentSpace.DartsRnn, GrowthMode.Igp, 0, 1, "--fewshot splits a fixed supernet and cannot be combined with --grow igp")]
    [InlineData(RecurrentSpace.Tib, GrowthMode.None, 3, 1, "--edge 3 is out of range 0..2 for tib with 3 nodes")]
    [InlineData(RecurrentSpace.DartsRnn, GrowthMode.None, 6, 1, "--edge 6 is out of range 0..5 for darts-rnn with 3 nodes")]
    [InlineData(RecurrentSpace.Tib, GrowthMode.None, 0, 0, "--split-epochs must be positive, got 0")]
    public void Validate_FewShotThatCannotRun_NamesTheBadValue(RecurrentSpace space, GrowthMode grow, int edge, int splitEpochs, string expected)
    {
        var options = Forecast(space, DifferentiableMethod.Darts) with { Grow = grow, MaxNodes = 3, FewShot = new RecurrentFewShotOptions { SplitEdge = edge, SplitEpochs = splitEpochs } };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preference_LowestAlphaLossFirst_NonFiniteLast()
    {
        var windows = Series.Windows(8, 1);
        var data = new SeriesWindowData(windows, windows.TrainTargets, 16, 0);
        var runner = new RecurrentSearchPartRunner<SeriesBatch>(Forecast(RecurrentSpace.Tib, DifferentiableMethod.Darts), 3, new KeyedRandom(0), new ForecastSearchTask(8), data, data);
        var results = new[] { double.NaN, 0.5, double.PositiveInfinity, 0.25, 0.75 }.Select(Scored).ToList();

        Assert.Equal([0.25, 0.5, 0.75], results.Order(runner.Preference).Take(3).Select(r => r.AlphaLoss));
        Assert.All(results.Order(runner.Preference).Skip(3), r => Assert.False(double.IsFinite(r.AlphaLoss)));
    }

    private static RecurrentSearchResult Scored(double loss) =>
        new(new DifferentiableSearchResult([], string.Empty, [], 0, 0, false), "tib:skip", 0, false, [], [new AlphaLossRecord(1, loss, 1, 1, 0)]);

    private static string ChoiceName(RecurrentSpace space, int k) =>
        space == RecurrentSpace.Tib ? TibOperations.Name((TibOperation)k) : DartsRnnOperations.Name((DartsRnnOperation)k);

    // Every part's alpha-stream losses after every epoch, the warm-up's first.
    private static double[][] Losses(RecurrentSearchResult result) =>
        [[.. result.FewShot!.WarmUp.AlphaLosses.Select(a => a.Loss)], .. result.FewShot.Parts.Select(p => p.Search.AlphaLosses.Select(a => a.Loss).ToArray())];

    private static RecurrentSearchOptions Forecast(RecurrentSpace space, DifferentiableMethod method) => new()
    {
        Space = space, Task = RecurrentTask.Forecast, Hidden = 8, BatchSize = 16, Window = 8, Horizon = 1, MaxNodes = 3,
        Search = RecurrentSearchOptions.ForTask(RecurrentTask.Forecast, method, 2, 1) with { WeightLearningRate = 5e-3f, WeightLearningRateMin = 5e-3f },
    };

    // lr 2, not DARTS's 20: the tiny tib cell's unbounded ops (mul, add_id) diverge at 20.
    private static RecurrentSearchOptions Language(RecurrentSpace space, DifferentiableMethod method) => new()
    {
        Space = space, Task = RecurrentTask.Lm, Hidden = 8, BatchSize = 8, Bptt = 10, MaxNodes = 2,
        Search = RecurrentSearchOptions.ForTask(RecurrentTask.Lm, method, 2, 1) with { WeightLearningRate = 2f, WeightLearningRateMin = 2f },
    };

    private sealed class SimulatedKillException : Exception;
}

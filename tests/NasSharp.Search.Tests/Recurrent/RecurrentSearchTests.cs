using NasSharp.Search.Growth;
using NasSharp.Search.Recurrent;
using NasSharp.Search.Tasks;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Recurrent;

public sealed class RecurrentSearchTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-rnnsearch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void RunForecast_TibWithDarts_AlphaLossDecreasesAndAlphaMoves()
    {
        var result = RecurrentSearch.RunForecast(Forecast(RecurrentSpace.Tib, GrowthMode.None, epochs: 4), Series);

        Assert.Equal(4, result.AlphaLosses.Count);
        Assert.True(result.AlphaLosses[^1].Loss < result.AlphaLosses[0].Loss, $"alpha-stream loss {result.AlphaLosses[0].Loss} -> {result.AlphaLosses[^1].Loss}");
        var first = result.Search.History[0].Probabilities;
        var last = result.Search.History[^1].Probabilities;
        Assert.NotEqual(first[0], last[0]);
        Assert.StartsWith("tib:", result.Genotype, StringComparison.Ordinal);
        Assert.True(result.CellParameters > 0);
    }

    [Theory]
    [InlineData(DifferentiableMethod.Darts, RecurrentSpace.Tib)]
    [InlineData(DifferentiableMethod.DartsSecondOrder, RecurrentSpace.Tib)]
    [InlineData(DifferentiableMethod.Gdas, RecurrentSpace.Tib)]
    [InlineData(DifferentiableMethod.Snas, RecurrentSpace.DartsRnn)]
    [InlineData(DifferentiableMethod.Dsnas, RecurrentSpace.DartsRnn)]
    public void RunLanguageModel_EveryMethod_TrainLossFalls(DifferentiableMethod method, RecurrentSpace space)
    {
        // lr 2, not DARTS's 20: the tiny tib cell's unbounded ops (mul, add_id) diverge at 20.
        var options = new RecurrentSearchOptions
        {
            Space = space, Task = RecurrentTask.Lm, Hidden = 8, BatchSize = 8, Bptt = 10, MaxNodes = 2,
            Search = RecurrentSearchOptions.ForTask(RecurrentTask.Lm, method, 2, 1) with { WeightLearningRate = 2f, WeightLearningRateMin = 2f },
        };
        var result = RecurrentSearch.RunLanguageModel(options, Tokens);

        Assert.True(result.Search.History[1].TrainLoss < result.Search.History[0].TrainLoss, $"train loss {result.Search.History[0].TrainLoss} -> {result.Search.History[1].TrainLoss}");
        Assert.True(double.IsFinite(result.AlphaLosses[^1].Loss));
        Assert.StartsWith(space == RecurrentSpace.Tib ? "tib:" : "darts-rnn:", result.Genotype, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RecurrentSpace.Tib, GrowthMode.Gtp)]
    [InlineData(RecurrentSpace.DartsRnn, GrowthMode.Gtp)]
    public void RunForecast_GrowthEvent_KeepsTheAlphaLossExactly(RecurrentSpace space, GrowthMode mode)
    {
        var result = RecurrentSearch.RunForecast(Forecast(space, mode, epochs: 3) with { GrowEvery = 1, MaxNodes = 3 }, Series);

        var grown = result.Growth.Where(g => g.NewGroup != null).ToList();
        Assert.NotEmpty(grown);
        Assert.All(grown, g => Assert.Equal(g.LossBefore, g.LossAfter));
        Assert.All(grown, g => Assert.Equal(g.NodesBefore + 1, g.NodesAfter));
        Assert.Equal(grown.Count + (space == RecurrentSpace.Tib ? 1 : 2), result.AlphaLosses[^1].Nodes);
    }

    [Theory]
    [InlineData(GrowthMorphism.Edge)]
    [InlineData(GrowthMorphism.Both)]
    public void RunForecast_EdgeGrowth_AddsEdgesKeepingTheAlphaLossExactly(GrowthMorphism morphism)
    {
        var result = RecurrentSearch.RunForecast(Forecast(RecurrentSpace.Tib, GrowthMode.Gtp, epochs: 3) with { GrowMorphism = morphism, GrowEvery = 1, MaxNodes = 3 }, Series);

        var edges = result.Growth.Where(g => g.NewEdge != null).ToList();
        Assert.Equal(2, edges.Count);
        Assert.All(edges, g => Assert.Equal(g.LossBefore, g.LossAfter));
        Assert.All(edges, g => Assert.Equal(g.NodesBefore + (morphism == GrowthMorphism.Both ? 1 : 0), g.NodesAfter));
        Assert.Equal(morphism == GrowthMorphism.Edge ? new[] { 3, 3, 3 } : new[] { 1, 2, 3 }, result.AlphaLosses.Select(a => a.Nodes));
        // Edge growth starts from the earliest state of its target: s_0 = h_{t-1}.
        Assert.Equal(0, edges[0].NewEdge!.From);
        Assert.True(edges[0].NewEdge!.To >= 2);
    }

    [Theory]
    [InlineData(RecurrentSpace.DartsRnn, GrowthMode.Gtp, GrowthMorphism.Edge, "dense already")]
    [InlineData(RecurrentSpace.DartsRnn, GrowthMode.Igp, GrowthMorphism.Both, "dense already")]
    [InlineData(RecurrentSpace.Tib, GrowthMode.None, GrowthMorphism.Edge, "needs a growing search")]
    public void Validate_EdgeGrowthWhereItCannotApply_SaysWhy(RecurrentSpace space, GrowthMode mode, GrowthMorphism morphism, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => (Forecast(space, mode, epochs: 2) with { GrowMorphism = morphism }).Validate());
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunForecast_Igp_ReducesOpenChoicesAtEachEvent()
    {
        var result = RecurrentSearch.RunForecast(Forecast(RecurrentSpace.Tib, GrowthMode.Igp, epochs: 3) with { GrowEvery = 1, MaxNodes = 4 }, Series);

        var events = result.Growth.Where(g => g.NewGroup != null).ToList();
        Assert.Equal([6, 4], events.Select(e => e.OpenChoices!.Value));
        var open = result.Search.History[^1].Probabilities[0].Count(p => p > 0);
        Assert.True(open <= 4, $"{open} choices still weighted in node 0");
    }

    [Theory]
    [InlineData(RecurrentSpace.Tib, DifferentiableMethod.Darts, GrowthMorphism.Node)]
    [InlineData(RecurrentSpace.Tib, DifferentiableMethod.Darts, GrowthMorphism.Both)]
    [InlineData(RecurrentSpace.DartsRnn, DifferentiableMethod.Gdas, GrowthMorphism.Node)]
    public void RunForecast_KilledAfterGrowthEvents_ResumesBitwise(RecurrentSpace space, DifferentiableMethod method, GrowthMorphism morphism)
    {
        var options = Forecast(space, GrowthMode.Gtp, epochs: 4) with { GrowMorphism = morphism, GrowEvery = 1, MaxNodes = 4, Search = RecurrentSearchOptions.ForTask(RecurrentTask.Forecast, method, 4, 3) };
        var whole = RecurrentSearch.RunForecast(options, Series, null, Path.Combine(root, "whole"));
        var dir = Path.Combine(root, "killed");
        var seen = 0;
        Assert.Throws<SimulatedKillException>(() => RecurrentSearch.RunForecast(options, Series, new RecurrentSearch.Callbacks(_ =>
        {
            if (++seen == 3)
            {
                throw new SimulatedKillException();
            }
        }), dir));
        var heard = new List<GrowthRecord>();
        var resumed = RecurrentSearch.RunForecast(options, Series, new RecurrentSearch.Callbacks(OnGrowth: heard.Add), dir);

        Assert.True(whole.Growth.Count(g => g.NewGroup != null) >= 2);
        Assert.Equal(morphism == GrowthMorphism.Both, whole.Growth.Any(g => g.NewEdge != null));
        Assert.Equal(whole.Growth, resumed.Growth, GrowthComparer.Instance);
        Assert.Equal(whole.Growth, heard, GrowthComparer.Instance);
        Assert.Equal(whole.AlphaLosses.Select(a => a.Loss), resumed.AlphaLosses.Select(a => a.Loss));
        Assert.Equal(whole.Search.History.Select(h => h.TrainLoss), resumed.Search.History.Select(h => h.TrainLoss));
        Assert.Equal(whole.Genotype, resumed.Genotype);
    }

    private static readonly Data.TimeSeriesDataset Series = SyntheticSequences.Series(5, rows: 300, columns: 3);

    private static readonly LanguageModelData Tokens = SyntheticSequences.Tokens(7, vocabulary: 10, train: 1_600, alpha: 400, valid: 200, test: 200);

    private static RecurrentSearchOptions Forecast(RecurrentSpace space, GrowthMode mode, int epochs) => new()
    {
        Space = space, Task = RecurrentTask.Forecast, Grow = mode, Hidden = 8, BatchSize = 16, Window = 8, Horizon = 1, MaxNodes = 3,
        Search = RecurrentSearchOptions.ForTask(RecurrentTask.Forecast, DifferentiableMethod.Darts, epochs, 1) with { WeightLearningRate = 5e-3f, WeightLearningRateMin = 5e-3f },
    };

    private sealed class SimulatedKillException : Exception;

    private sealed class GrowthComparer : IEqualityComparer<GrowthRecord>
    {
        public static GrowthComparer Instance { get; } = new();

        public bool Equals(GrowthRecord? x, GrowthRecord? y) => x != null && y != null && x with { ContractedGroups = [] } == y with { ContractedGroups = [] } && x.ContractedGroups.SequenceEqual(y.ContractedGroups);

        public int GetHashCode(GrowthRecord obj) => obj.Epoch;
    }
}

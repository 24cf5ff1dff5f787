using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Serialization;
using NasSharp.NN.Training;
using NasSharp.Search.Growth;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Tasks;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Training;

/// <summary>
/// A tib cell's gates (RECURRENT.md 1.2: gamma_k of every node, gamma_e of every edge M4 adds) are gains: the gains' Adam
/// trains them, not the weight optimiser, whose SGD at the language-modelling rate (lr 20, clip 0.25) moved a gate by up
/// to 5 per step, as it moved darts-rnn's omega (<see cref="DifferentiableTrainerGainsTests"/>).
/// </summary>
public sealed class DifferentiableTrainerTibGainsTests : IDisposable
{
    private const float Rate = 3e-3f;
    private static readonly LanguageModelData Tokens = SyntheticSequences.Tokens(1);
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-tibgains-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Constructor_FixedTibSupernet_GammasTakeTheGainsAdamEverythingElseTheWeightOptimizer()
    {
        var (trainer, cell, procedure) = Build(Options(GrowthMode.None, GrowthMorphism.Node) with { MaxNodes = 3 });
        var gammas = cell.Chain.Select(n => n.Gamma).ToArray();

        Assert.Equal(gammas, trainer.GainOptimizer.Parameters);
        Assert.Equal(trainer.Supernet.Parameters().Where(p => !gammas.Contains(p)), trainer.WeightOptimizer.Parameters);
        Step(procedure, 0);
        // One Adam step from gamma = 1: at most its rate, where the weight SGD (lr 20) had no such bound.
        Assert.All(gammas, g => Assert.InRange(Math.Abs(g.Item() - 1f), 1e-6f, Rate * 1.001f));
    }

    [Fact]
    public void AddWeights_GrownNodeAndEdge_TheirGammasJoinTheGainsAdamWithFreshState()
    {
        var (trainer, cell, procedure) = Build(Options(GrowthMode.Gtp, GrowthMorphism.Both));
        Step(procedure, 0);

        var added = cell.Grow();
        trainer.AddWeights(added);
        var node = cell.Chain[^1];
        var (_, edgeWeights) = cell.GrowEdge(0, 3);
        trainer.AddWeights(edgeWeights);
        var edge = cell.Edges.Single();

        Assert.Equal([cell.Chain[0].Gamma, cell.Chain[1].Gamma, node.Gamma, edge.Gamma], trainer.GainOptimizer.Parameters);
        Assert.Equal(0f, node.Gamma.Item());
        Assert.Equal(0f, edge.Gamma.Item());
        Assert.DoesNotContain(trainer.GainOptimizer.StateDict().Keys, k => k.StartsWith("2.", StringComparison.Ordinal) || k.StartsWith("3.", StringComparison.Ordinal));
        Assert.Equal([node.Weight, node.Bias], trainer.WeightOptimizer.Parameters.TakeLast(2));
        Assert.DoesNotContain(trainer.WeightOptimizer.Parameters, p => ReferenceEquals(p, node.Gamma) || ReferenceEquals(p, edge.Gamma));
        Step(procedure, 1);
        // Adam's first step from 0 has length exactly its rate; the first two gates took their second step.
        Assert.Equal(Rate, Math.Abs(node.Gamma.Item()), 1e-6f);
        Assert.Equal(Rate, Math.Abs(edge.Gamma.Item()), 1e-6f);
        var state = trainer.GainOptimizer.StateDict();
        Assert.Equal([2f, 2f, 1f, 1f], Enumerable.Range(0, 4).Select(i => state[$"{i}.step"].Item()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RunLanguageModel_FixedTibSupernetAtTheRecipeRate_TrainsWhereGammaUnderSgdDiverged(int seed)
    {
        // lr 20, clip 0.25 (DARTS RNN): 4 nodes of 16 on a 200-word Markov chain, 6 windows of 64 x 35 per epoch. With the
        // gates stepped by the weight SGD both seeds stopped with a NaN loss at steps 9 and 11 (stepped by hand at this
        // size, the last node's gate went 1.25 -> -0.27 in one step).
        var tokens = SyntheticSequences.Tokens(seed, vocabulary: 200, train: 64 * 35 * 6, alpha: 64 * 35 * 2, valid: 100, test: 100);
        var options = Options(GrowthMode.None, GrowthMorphism.Node) with
        {
            MaxNodes = 4, Hidden = 16, BatchSize = 64, Search = RecurrentSearchOptions.ForTask(RecurrentTask.Lm, DifferentiableMethod.Darts, 2, seed),
        };

        var result = RecurrentSearch.RunLanguageModel(options, tokens);

        var uniform = Math.Log(200);
        Assert.All(result.Search.History, h => Assert.InRange(h.TrainLoss, 0, uniform));
        Assert.InRange(result.AlphaLosses[^1].Loss, 0, uniform);
    }

    [Fact]
    public void RunForecast_TibKilledAfterGrowthEventsThenResumed_CheckpointEndsBitwiseGainsStateIncluded()
    {
        // 1 node, then a node and an edge after each of epochs 1 and 2: five gates in the gains' Adam.
        var options = new RecurrentSearchOptions
        {
            Space = RecurrentSpace.Tib, Task = RecurrentTask.Forecast, Grow = GrowthMode.Gtp, GrowMorphism = GrowthMorphism.Both, GrowEvery = 1, MaxNodes = 3,
            Hidden = 8, BatchSize = 16, Window = 8, Horizon = 1, Search = RecurrentSearchOptions.ForTask(RecurrentTask.Forecast, DifferentiableMethod.Darts, 4, 3),
        };
        var series = SyntheticSequences.Series(5, rows: 300, columns: 3);
        RecurrentSearch.RunForecast(options, series, null, Path.Combine(root, "whole"));
        var killed = Path.Combine(root, "killed");
        var seen = 0;
        Assert.Throws<SimulatedKillException>(() => RecurrentSearch.RunForecast(options, series, new RecurrentSearch.Callbacks(_ =>
        {
            if (++seen == 3)
            {
                throw new SimulatedKillException();
            }
        }), killed));
        RecurrentSearch.RunForecast(options, series, null, killed);

        var whole = Safetensors.Load(Path.Combine(root, "whole", DifferentiableCheckpoint.FileName)).Tensors;
        var resumed = Safetensors.Load(Path.Combine(killed, DifferentiableCheckpoint.FileName)).Tensors;
        Assert.Equal(whole.Keys.Order(), resumed.Keys.Order());
        Assert.All(whole, kv => Assert.Equal(kv.Value.ToArray(), resumed[kv.Key].ToArray()));
        Assert.Equal(5, TrainingCheckpoint.Part(whole, "gain_optimizer.").Keys.Count(k => k.EndsWith(".step", StringComparison.Ordinal)));
    }

    private static RecurrentSearchOptions Options(GrowthMode grow, GrowthMorphism morphism) => new()
    {
        Space = RecurrentSpace.Tib, Task = RecurrentTask.Lm, Grow = grow, GrowMorphism = morphism, InitialNodes = 2, MaxNodes = 3, Hidden = 8,
        Search = RecurrentSearchOptions.ForTask(RecurrentTask.Lm, DifferentiableMethod.Darts, 3, 1),
    };

    private static (DifferentiableTrainer Trainer, TibSearchCell Cell, DifferentiableStepProcedure<TokenBatch> Procedure) Build(RecurrentSearchOptions options)
    {
        var random = new KeyedRandom(2);
        var cell = (TibSearchCell)RecurrentSearch.CreateCell(options, options.Hidden, random);
        var supernet = new RecurrentSupernet(cell, c => (Module)new CellLanguageModel(Tokens.VocabularySize, c, random), new SoftmaxChoicePolicy(new ChoiceTables(cell.Shapes, new Random(0))));
        var trainer = DifferentiableMethods.Create(supernet, options.Search, 1, null, null);
        var procedure = new DifferentiableStepProcedure<TokenBatch>(trainer, new LanguageModelSearchTask(), "test");
        procedure.BeginEpoch(0);
        return (trainer, cell, procedure);
    }

    private static void Step(DifferentiableStepProcedure<TokenBatch> procedure, int start)
    {
        var window = TextCorpus.Batchify(Tokens.Train, 8).Window(start * 10, 10);
        var alpha = TextCorpus.Batchify(Tokens.Alpha, 8).Window(start * 10, 10);
        procedure.Step(new BilevelBatch<TokenBatch>(new TokenBatch(window, 0, 0), new TokenBatch(alpha, 1, 0)));
    }

    private sealed class SimulatedKillException : Exception;
}

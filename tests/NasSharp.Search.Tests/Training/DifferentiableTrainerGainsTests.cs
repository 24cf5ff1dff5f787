using NasSharp.Data;
using NasSharp.NN;
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
/// A grown darts-rnn cell's output weights omega (RECURRENT.md 3.2, M3) are trained by the gains' Adam, not the weight
/// SGD: at the language-modelling rate (DARTS RNN: lr 20, clip 0.25) SGD moved omega by up to 5 per step and the
/// grown supernet diverged while the fixed one trained (README, Part L).
/// </summary>
public sealed class DifferentiableTrainerGainsTests
{
    private static readonly LanguageModelData Tokens = SyntheticSequences.Tokens(1);

    [Fact]
    public void Constructor_FixedDartsRnnSupernet_HasNoGainsSoEveryParameterTakesTheWeightOptimizer()
    {
        var (trainer, _, _) = Build(Options(GrowthMode.None));

        Assert.Empty(trainer.GainOptimizer.Parameters);
        Assert.Equal(trainer.Supernet.Parameters(), trainer.WeightOptimizer.Parameters);
    }

    [Fact]
    public void AddWeights_GrownNode_OmegaJoinsTheGainsAdamWithFreshStateAndMovesByAtMostItsRate()
    {
        var (trainer, cell, procedure) = Build(Options(GrowthMode.Gtp) with { MaxNodes = 3 });
        var omegas = new[] { cell.OutputWeight(0), cell.OutputWeight(1) };
        Assert.Equal(omegas, trainer.GainOptimizer.Parameters);
        Assert.DoesNotContain(trainer.WeightOptimizer.Parameters, p => omegas.Contains(p));
        Assert.Equal(trainer.Supernet.Parameters().Count, trainer.WeightOptimizer.Parameters.Count + 2);
        Step(procedure, 0);
        Assert.All(omegas, o => Assert.InRange(Math.Abs(o.Item() - 0.5f), 1e-6f, Rate * 1.001f));

        var added = cell.Grow();
        trainer.AddWeights(added);

        var omega = cell.OutputWeight(2);
        Assert.Equal(0f, omega.Item());
        Assert.Same(omega, trainer.GainOptimizer.Parameters[^1]);
        Assert.DoesNotContain(trainer.GainOptimizer.StateDict().Keys, k => k.StartsWith("2.", StringComparison.Ordinal));
        Assert.Contains(added.Single(p => !ReferenceEquals(p, omega)), trainer.WeightOptimizer.Parameters);
        Assert.DoesNotContain(omega, trainer.WeightOptimizer.Parameters);
        Step(procedure, 1);
        // Adam's first step from omega = 0 has length exactly its rate; the old omegas took their second step.
        Assert.Equal(Rate, Math.Abs(omega.Item()), 1e-6f);
        var state = trainer.GainOptimizer.StateDict();
        Assert.Equal(new[] { 2f, 2f, 1f }, Enumerable.Range(0, 3).Select(i => state[$"{i}.step"].Item()));
    }

    [Fact]
    public void RunLanguageModel_GrownSupernetThatNeverGrowsAtTheRecipeRate_TrainsLikeTheFixedOne()
    {
        // lr 20, the DARTS RNN recipe. Before omega had its own Adam, the grown run went NaN after epoch 2 here (and
        // reached 5.71 / 7.95 / 14.32 in an earlier build) while the fixed one stayed near 4.
        var fixedRun = RecurrentSearch.RunLanguageModel(Options(GrowthMode.None), Tokens);
        var grown = RecurrentSearch.RunLanguageModel(Options(GrowthMode.Gtp), Tokens);

        var fixedLosses = fixedRun.Search.History.Select(h => h.TrainLoss).ToArray();
        var grownLosses = grown.Search.History.Select(h => h.TrainLoss).ToArray();
        Assert.All(fixedLosses.Zip(grownLosses), p => Assert.True(Math.Abs(p.First - p.Second) < 0.3, $"train losses fixed {string.Join(" / ", fixedLosses)}, grown {string.Join(" / ", grownLosses)}"));
        Assert.True(Math.Abs(fixedRun.AlphaLosses[^1].Loss - grown.AlphaLosses[^1].Loss) < 0.3, $"alpha-stream losses {fixedRun.AlphaLosses[^1].Loss}, {grown.AlphaLosses[^1].Loss}");
        Assert.Equal(2, grown.AlphaLosses[^1].Nodes);
    }

    private const float Rate = 3e-3f;

    private static RecurrentSearchOptions Options(GrowthMode grow) => new()
    {
        Space = RecurrentSpace.DartsRnn, Task = RecurrentTask.Lm, Grow = grow, InitialNodes = 2, MaxNodes = 2, RandomBptt = true,
        Search = RecurrentSearchOptions.ForTask(RecurrentTask.Lm, DifferentiableMethod.Darts, 3, 1),
    };

    private static (DifferentiableTrainer Trainer, DartsRnnSearchCell Cell, DifferentiableStepProcedure<TokenBatch> Procedure) Build(RecurrentSearchOptions options)
    {
        var random = new KeyedRandom(2);
        var cell = (DartsRnnSearchCell)RecurrentSearch.CreateCell(options, options.Hidden, random);
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
}

using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Training;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Tasks;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Recurrent;

/// <summary>The DARTS code's drawn window lengths in the recurrent language-model search (RECURRENT.md 2.1 item 3).</summary>
public sealed class RandomBpttSearchTests : IDisposable
{
    private static readonly LanguageModelData Tokens = SyntheticSequences.Tokens(7, vocabulary: 10, train: 1_600, alpha: 400, valid: 200, test: 200);

    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-randombptt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TokenWindowData_DartsSearch_WindowsOfBpttOrHalfCarryTheirFactorAndRepeatPerEpoch()
    {
        var data = new TokenWindowData(new int[4 * 2_001], 4, 10, 0, BpttLengthRule.DartsSearch, seed: 5);
        static List<(int, int, double)> Read(TokenWindowData d, int epoch) => [.. d.Epoch(epoch).Select(b => (b.Window.Start, b.Window.Length, b.LearningRateScale))];

        var epoch = Read(data, 2);
        Assert.All(epoch.SkipLast(1), w => Assert.True((w.Item2, w.Item3) is (10, 1.0) or (5, 0.5), $"window {w}"));
        Assert.Contains(epoch, w => w.Item2 == 5);
        Assert.Equal(epoch, Read(data, 2));
        Assert.NotEqual(epoch, Read(data, 3));
        Assert.Equal(Enumerable.Range(0, epoch.Count), data.Epoch(2).Select(b => b.Index));
    }

    [Fact]
    public void Step_BatchWithHalfFactor_EqualsAStepAtHalfTheRateAndRestoresTheRate()
    {
        var window = TextCorpus.Batchify(Tokens.Train, 4).Window(0, 6);
        var alpha = TextCorpus.Batchify(Tokens.Alpha, 4).Window(0, 6);
        var (halved, halvedTrainer) = Procedure(20f);
        var (plain, plainTrainer) = Procedure(10f);

        halved.Step(new BilevelBatch<TokenBatch>(new TokenBatch(window, 0, 0, 0.5), new TokenBatch(alpha, 1, 0)));
        plain.Step(new BilevelBatch<TokenBatch>(new TokenBatch(window, 0, 0), new TokenBatch(alpha, 1, 0)));

        Assert.Equal(20f, halvedTrainer.WeightOptimizer.LearningRate);
        var weights = halvedTrainer.Supernet.Parameters().Select(p => p.ToArray()).ToList();
        Assert.Equal(weights, plainTrainer.Supernet.Parameters().Select(p => p.ToArray()));
        Assert.Equal(halvedTrainer.Tables.Tables.Select(t => t.ToArray()), plainTrainer.Tables.Tables.Select(t => t.ToArray()));
    }

    [Fact]
    public void RunLanguageModel_RandomBpttKilledAfterAnEpoch_ResumesBitwiseAndDiffersFromFixedWindows()
    {
        var options = Options(randomBptt: true);
        var halves = Enumerable.Range(0, 3).Select(e => BpttPlan.Epoch(Tokens.Train.Length / 8, 10, BpttLengthRule.DartsSearch, options.Search.Seed + 5, e).Count(s => s.LearningRateScale < 1)).ToList();
        Assert.True(halves.Sum() > 0, "the seed draws no half-length window: the test would not see the rule");
        var whole = RecurrentSearch.RunLanguageModel(options, Tokens, null, Path.Combine(root, "whole"));
        var dir = Path.Combine(root, "killed");
        var seen = 0;
        Assert.Throws<SimulatedKillException>(() => RecurrentSearch.RunLanguageModel(options, Tokens, new RecurrentSearch.Callbacks(_ =>
        {
            if (++seen == 2)
            {
                throw new SimulatedKillException();
            }
        }), dir));
        var resumed = RecurrentSearch.RunLanguageModel(options, Tokens, null, dir);
        var fixedWindows = RecurrentSearch.RunLanguageModel(Options(randomBptt: false), Tokens);

        Assert.Equal(whole.Search.History.Select(h => h.TrainLoss), resumed.Search.History.Select(h => h.TrainLoss));
        Assert.Equal(whole.AlphaLosses.Select(a => a.Loss), resumed.AlphaLosses.Select(a => a.Loss));
        Assert.Equal(whole.Genotype, resumed.Genotype);
        Assert.NotEqual(whole.Search.History.Select(h => h.TrainLoss), fixedWindows.Search.History.Select(h => h.TrainLoss));
        Assert.All(whole.Search.History, h => Assert.Equal(2f, h.LearningRate));
    }

    private static RecurrentSearchOptions Options(bool randomBptt) => new()
    {
        Space = RecurrentSpace.DartsRnn, Task = RecurrentTask.Lm, Hidden = 8, BatchSize = 8, Bptt = 10, MaxNodes = 2, RandomBptt = randomBptt,
        Search = RecurrentSearchOptions.ForTask(RecurrentTask.Lm, DifferentiableMethod.Darts, 3, 2) with { WeightLearningRate = 2f, WeightLearningRateMin = 2f },
    };

    // A DARTS (first order) step procedure on a small darts-rnn language-model supernet, built alike for every rate.
    private static (DifferentiableStepProcedure<TokenBatch> Procedure, DifferentiableTrainer Trainer) Procedure(float rate)
    {
        var options = Options(randomBptt: false) with { Search = Options(false).Search with { WeightLearningRate = rate, WeightLearningRateMin = rate } };
        var random = new KeyedRandom(2);
        var cell = RecurrentSearch.CreateCell(options, options.Hidden, random);
        var supernet = new RecurrentSupernet(cell, c => (Module)new CellLanguageModel(Tokens.VocabularySize, c, random), new SoftmaxChoicePolicy(new ChoiceTables(cell.Shapes, new Random(0))));
        var trainer = DifferentiableMethods.Create(supernet, options.Search, 1, null, null);
        var procedure = new DifferentiableStepProcedure<TokenBatch>(trainer, new LanguageModelSearchTask(), "test");
        procedure.BeginEpoch(0);
        return (procedure, trainer);
    }

    private sealed class SimulatedKillException : Exception;
}

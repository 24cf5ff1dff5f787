using NasSharp.Data;
using NasSharp.Tasks.LanguageModeling;

namespace NasSharp.Tasks.Tests.LanguageModeling;

/// <summary>
/// <see cref="LanguageModelTraining"/> checkpointed every epoch, cancelled after an epoch and resumed from its
/// checkpoint by a fresh model: it ends bitwise as the uninterrupted run, dropout masks (embedding, between layers,
/// output), drawn window lengths, the annealed learning rate, NT-ASGD's switch and averages and the best weights included.
/// </summary>
public sealed class LanguageModelTrainingResumeTests : IDisposable
{
    private const int Vocabulary = 8;

    private readonly string root = Directory.CreateTempSubdirectory("nassharp-lm-resume-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    public static TheoryData<bool, int> Recipes => new()
    {
        { false, 2 },
        { true, 2 },
        { true, 6 },
    };

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Run_CancelledAfterAnEpochThenResumed_EqualsAnUninterruptedRunBitwise(bool asgd, int cancelAfter)
    {
        var recipe = Recipe(asgd);
        var (train, valid, test) = (Stream(1, 1200), Stream(2, 300), Stream(3, 300));
        var reference = Model();
        var uninterrupted = new LanguageModelTraining(reference, recipe).Run(train, valid, test, checkpointDirectory: Path.Combine(root, "reference"));

        var directory = Path.Combine(root, "killed");
        using (var cancel = new CancellationTokenSource())
        {
            var first = new LanguageModelTraining(Model(), recipe);
            Assert.Throws<OperationCanceledException>(() => first.Run(train, valid, test, new Synchronous<LanguageModelEpochReport>(r =>
            {
                if (r.Epoch == cancelAfter)
                {
                    cancel.Cancel();
                }
            }), checkpointDirectory: directory, cancellation: cancel.Token));
        }

        var replayed = new List<int>();
        var resumedModel = Model();
        var resumed = new LanguageModelTraining(resumedModel, recipe).Run(train, valid, test, new Synchronous<LanguageModelEpochReport>(r => replayed.Add(r.Epoch)), checkpointDirectory: directory);

        Assert.Equal(Enumerable.Range(1, recipe.Epochs), replayed);
        if (asgd)
        {
            // The scenario crosses the switch (epoch 5), and the second kill falls among the averaged epochs.
            Assert.Equal(5, uninterrupted.AsgdSwitchEpoch);
        }

        Assert.Equal(Numbers(uninterrupted), Numbers(resumed));
        Assert.Equal((uninterrupted.BestEpoch, uninterrupted.AsgdSwitchEpoch), (resumed.BestEpoch, resumed.AsgdSwitchEpoch));
        Assert.Equal(uninterrupted.TestLoss, resumed.TestLoss);
        var expected = reference.StateDict();
        foreach (var (name, tensor) in resumedModel.StateDict())
        {
            Assert.True(expected[name].ToArray().AsSpan().SequenceEqual(tensor.ToArray()), $"{name} differs after the resume");
        }
    }

    [Fact]
    public void Run_CheckpointOfAnotherRecipe_ThrowsNamingBoth()
    {
        var (train, valid) = (Stream(1, 400), Stream(2, 100));
        var directory = Path.Combine(root, "other");
        new LanguageModelTraining(Model(), Recipe(asgd: false) with { Epochs = 1 }).Run(train, valid, valid, checkpointDirectory: directory);

        var ex = Assert.Throws<ArgumentException>(() => new LanguageModelTraining(Model(), Recipe(asgd: false) with { Epochs = 1, Bptt = 7 }).Run(train, valid, valid, checkpointDirectory: directory));

        Assert.Contains("Bptt = 6", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Bptt = 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TwoRunsOfOneSeed_DrawTheSameMasksAndAnotherSeedOthers()
    {
        var (train, valid) = (Stream(1, 400), Stream(2, 100));
        double[] TrainLosses(int seed) => [.. new LanguageModelTraining(Model(), Recipe(asgd: false) with { Epochs = 2, Seed = seed }).Run(train, valid, valid).Epochs.Select(e => e.TrainLoss)];

        Assert.Equal(TrainLosses(0), TrainLosses(0));
        Assert.NotEqual(TrainLosses(0), TrainLosses(1));
    }

    // Two layers and dropout 0.3: masks on the embedding, between the layers and on the output, all from the model's draws.
    private static WordLanguageModel Model() => new(Vocabulary, RecurrentKind.Lstm, new Random(5), hiddenSize: 12, layers: 2, dropout: 0.3f);

    // With NT-ASGD a high constant rate and nonmono 1 make the validation loss rise, so the run switches after epoch 5.
    private static LanguageModelTrainingOptions Recipe(bool asgd) => new()
    {
        Epochs = asgd ? 8 : 6, BatchSize = 4, EvalBatchSize = 2, Bptt = 6, LearningRate = asgd ? 15 : 3, BpttLengths = asgd ? BpttLengthRule.DartsRetrain : BpttLengthRule.Fixed,
        Asgd = asgd, NonMonotoneInterval = 1, Seed = 3,
    };

    private static double[][] Numbers(LanguageModelTrainingResult result) =>
        [.. result.Epochs.Select(e => new[] { e.LearningRate, e.TrainLoss, e.ValidLoss, e.Averaged ? 1 : 0 })];

    private static int[] Stream(int seed, int length)
    {
        var random = new Random(seed);
        var tokens = new int[length];
        for (var i = 1; i < length; i++)
        {
            tokens[i] = random.NextDouble() < 0.8 ? (tokens[i - 1] + 1) % Vocabulary : random.Next(Vocabulary);
        }

        return tokens;
    }

    private sealed class Synchronous<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

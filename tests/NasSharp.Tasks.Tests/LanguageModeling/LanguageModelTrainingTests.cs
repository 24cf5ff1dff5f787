using NasSharp.Tasks.LanguageModeling;

namespace NasSharp.Tasks.Tests.LanguageModeling;

public class LanguageModelTrainingTests
{
    private const int Vocabulary = 8;

    // A stream over 8 words in which the next word is word + 1 (mod 8) with probability `pattern` and a random
    // word otherwise: at 0.9 a perplexity near 1.5 is reachable, while a model that learned nothing scores about 8.
    private static int[] Stream(int seed, int length, double pattern = 0.9)
    {
        var random = new Random(seed);
        var tokens = new int[length];
        for (var i = 1; i < length; i++)
        {
            tokens[i] = random.NextDouble() < pattern ? (tokens[i - 1] + 1) % Vocabulary : random.Next(Vocabulary);
        }

        return tokens;
    }

    private static readonly LanguageModelTrainingOptions Tiny = new() { Epochs = 3, BatchSize = 4, EvalBatchSize = 2, Bptt = 8, LearningRate = 2 };

    [Theory]
    [InlineData(RecurrentKind.Lstm)]
    [InlineData(RecurrentKind.Gru)]
    public void Run_PatternedStream_PerplexityFallsFarBelowTheVocabularySize(RecurrentKind kind)
    {
        var model = new WordLanguageModel(Vocabulary, kind, new Random(0), hiddenSize: 16, layers: 1, dropout: 0f);
        var training = new LanguageModelTraining(model, Tiny);
        var valid = Stream(2, 400);
        var before = Math.Exp(training.Evaluate(valid));
        var result = training.Run(Stream(1, 2000), valid, Stream(3, 400));
        Assert.InRange(before, 6, 10);
        Assert.True(result.BestValidPerplexity < 3, $"valid perplexity {before} -> {result.BestValidPerplexity}");
        Assert.True(result.TestPerplexity < 3, $"test perplexity {result.TestPerplexity}");
        Assert.Equal(3, result.Epochs.Count);
        Assert.True(result.Epochs[2].TrainPerplexity < result.Epochs[0].TrainPerplexity);
    }

    [Fact]
    public void Run_ValidationNotImproving_DividesTheLearningRateAfterEachEpochAndKeepsTheFirst()
    {
        // At a learning rate of 1e-20 no float weight moves, so every epoch validates exactly as the first:
        // no improvement, hence one annealing step after each later epoch.
        var model = new WordLanguageModel(Vocabulary, RecurrentKind.Gru, new Random(0), hiddenSize: 8, layers: 1, dropout: 0f);
        var training = new LanguageModelTraining(model, Tiny with { LearningRate = 1e-20 });
        var valid = Stream(2, 200);
        var result = training.Run(Stream(1, 200), valid, valid);
        Assert.Equal([1e-20, 1e-20, 0.25e-20], result.Epochs.Select(e => e.LearningRate), (a, b) => Math.Abs(a - b) < 1e-26);
        Assert.Equal(1, result.BestEpoch);
        Assert.All(result.Epochs, e => Assert.Equal(result.BestValidLoss, e.ValidLoss));
        Assert.Equal(result.BestValidLoss, result.TestLoss);
    }

    [Fact]
    public void Run_StepProgress_HearsEveryBpttWindowOfEveryEpochInOrder()
    {
        var model = new WordLanguageModel(Vocabulary, RecurrentKind.Gru, new Random(0), hiddenSize: 8, layers: 1, dropout: 0f);
        var steps = new List<TrainingStep>();
        var train = Stream(1, 200);
        var windows = NasSharp.Data.TextCorpus.BpttWindows(NasSharp.Data.TextCorpus.Batchify(train, Tiny.BatchSize), Tiny.Bptt).Count();
        var result = new LanguageModelTraining(model, Tiny).Run(train, Stream(2, 200), Stream(2, 200), stepProgress: new SynchronousProgress<TrainingStep>(steps.Add));

        Assert.Equal(Tiny.Epochs * windows, steps.Count);
        Assert.Equal(Enumerable.Range(1, steps.Count).Select(i => (long)i), steps.Select(s => s.Done));
        Assert.All(steps, s => Assert.Equal(windows, s.Batches));
        Assert.Equal(steps[^1].Total, steps[^1].Done);
        Assert.All(steps, s => Assert.True(double.IsFinite(s.Loss) && s.Loss > 0));
        Assert.Equal(Tiny.Epochs, result.Epochs.Count);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [Fact]
    public void Constructor_BadOptions_Throw()
    {
        var model = new WordLanguageModel(Vocabulary, RecurrentKind.Gru, new Random(0), hiddenSize: 4, layers: 1);
        Assert.Throws<ArgumentException>(() => new LanguageModelTraining(model, Tiny with { Bptt = 0 }));
        Assert.Throws<ArgumentException>(() => new LanguageModelTraining(model, Tiny with { AnnealFactor = 0.5 }));
    }
}

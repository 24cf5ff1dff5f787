using NasSharp.NN.Optimization;
using NasSharp.Search.Evaluation;
using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Strategies;

public sealed class AsynchronousSearchLoopTests
{
    private static readonly int[] Choices = [4, 4, 4, 4, 4];

    private static RegularizedEvolution<int> Rea(ToySpace space, int seed = 3) => new RegularizedEvolution<int>(space, seed, populationSize: 6, sampleSize: 2);

    private static Task<SearchResult<int>> RunAsynchronous(ISearchStrategy<int> strategy, IAsynchronousEvaluator<int> evaluator, SearchBudget budget, int inFlight) =>
        new AsynchronousSearchLoop<int>(strategy, evaluator, budget, inFlight).RunAsync();

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    [InlineData(8, 4)]
    public async Task RunAsync_TasksCompletingInAShuffledOrder_SameTrialsAsInAskOrder(int inFlight, int seed)
    {
        const int Budget = 60;
        var inOrderSpace = new ToySpace(Choices);
        var inOrder = await RunAsynchronous(Rea(inOrderSpace), new ImmediateEvaluator<int>(inOrderSpace), SearchBudget.Queries(Budget), inFlight);
        var space = new ToySpace(Choices);
        var shuffling = new ShufflingEvaluator(space, inFlight, Budget, seed);
        var shuffled = await RunAsynchronous(Rea(space), shuffling, SearchBudget.Queries(Budget), inFlight);

        Assert.NotEqual(Enumerable.Range(0, Budget), shuffling.CompletionOrder);
        Assert.Equal(Enumerable.Range(0, Budget), shuffling.CompletionOrder.Order());
        Assert.Equal(inOrder.Trials, shuffled.Trials);
        Assert.Equal((inOrder.Best, inOrder.BestResult, inOrder.Queries), (shuffled.Best, shuffled.BestResult, shuffled.Queries));
    }

    [Fact]
    public async Task RunAsync_TasksFinishingAfterRandomDelays_SameTrialsAsInAskOrder()
    {
        var inOrderSpace = new ToySpace(Choices);
        var inOrder = await RunAsynchronous(Rea(inOrderSpace), new ImmediateEvaluator<int>(inOrderSpace), SearchBudget.Queries(40), 4);
        var space = new ToySpace(Choices);
        var delayed = await RunAsynchronous(Rea(space), new DelayingEvaluator(space, seed: 9), SearchBudget.Queries(40), 4);
        Assert.Equal(inOrder.Trials, delayed.Trials);
    }

    [Theory]
    [InlineData(StrategyKind.Random)]
    [InlineData(StrategyKind.Rea)]
    [InlineData(StrategyKind.Reinforce)]
    [InlineData(StrategyKind.Ls)]
    [InlineData(StrategyKind.Tpe)]
    public async Task RunAsync_OneInFlight_SameTrialsAsSearchLoop(StrategyKind kind)
    {
        var settings = new StrategySettings(Population: 5, SampleSize: 2);
        var syncSpace = new ToySpace(Choices);
        var expected = new SearchLoop<int>(StrategyRegistry.Create(kind, syncSpace, settings, 11), syncSpace, SearchBudget.Queries(50)).Run();
        var space = new ToySpace(Choices);
        var actual = await RunAsynchronous(StrategyRegistry.Create(kind, space, settings, 11), new ImmediateEvaluator<int>(space), SearchBudget.Queries(50), 1);

        Assert.Equal(expected.Trials, actual.Trials);
        Assert.Equal((expected.Best, expected.BestResult, expected.Queries, expected.ElapsedSeconds), (actual.Best, actual.BestResult, actual.Queries, actual.ElapsedSeconds));
    }

    [Fact]
    public async Task RunAsync_OneInFlightWithATimeBudget_StopsWhereSearchLoopStops()
    {
        // The toy costs 1-3 s per query: 37 s end mid-trial, which is discarded by both loops.
        var syncSpace = new ToySpace(Choices);
        var expected = new SearchLoop<int>(Rea(syncSpace), syncSpace, SearchBudget.Seconds(37)).Run();
        var space = new ToySpace(Choices);
        var actual = await RunAsynchronous(Rea(space), new ImmediateEvaluator<int>(space), SearchBudget.Seconds(37), 1);
        Assert.Equal(expected.Trials, actual.Trials);
        Assert.Equal(expected.ElapsedSeconds, actual.ElapsedSeconds);
        Assert.Equal(syncSpace.Evaluations, space.Evaluations);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(25)]
    public async Task RunAsync_AnyNumberInFlight_AsksExactlyTheBudgetAndNeverMoreThanKPending(int inFlight)
    {
        var space = new ToySpace(Choices);
        var counting = new CountingEvaluator(space);
        var result = await new AsynchronousSearchLoop<int>(new RandomSearch<int>(space, 2), counting, SearchBudget.Queries(20), inFlight, _ => counting.Told++).RunAsync();
        Assert.Equal(20, counting.Asked);
        Assert.Equal(20, result.Queries);
        Assert.Equal(Enumerable.Range(1, 20), result.Trials.Select(t => t.Number));
        Assert.Equal(Math.Min(inFlight, 20), counting.MostPending);
    }

    [Theory]
    [InlineData(StrategyKind.Reinforce)]
    [InlineData(StrategyKind.Ls)]
    [InlineData(StrategyKind.Tpe)]
    public void Constructor_StrategyThatTellsBeforeItAsksAgain_RefusedWithSeveralInFlight(StrategyKind kind)
    {
        var space = new ToySpace(Choices);
        var strategy = StrategyRegistry.Create(kind, space, new StrategySettings(), 0);
        var ex = Assert.Throws<ArgumentException>(() => new AsynchronousSearchLoop<int>(strategy, new ImmediateEvaluator<int>(space), SearchBudget.Queries(10), 2));
        Assert.Contains("tells each result before its next ask", ex.Message, StringComparison.Ordinal);
        _ = new AsynchronousSearchLoop<int>(strategy, new ImmediateEvaluator<int>(space), SearchBudget.Queries(10), 1);
    }

    [Fact]
    public void Constructor_TimeBudgetWithSeveralInFlight_Refused()
    {
        var space = new ToySpace(Choices);
        var ex = Assert.Throws<ArgumentException>(() => new AsynchronousSearchLoop<int>(Rea(space), new ImmediateEvaluator<int>(space), SearchBudget.Of(10, 100), 2));
        Assert.Contains("a time budget needs one evaluation in flight, got 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StrategyKind.Random)]
    [InlineData(StrategyKind.Rea)]
    [InlineData(StrategyKind.Reinforce)]
    [InlineData(StrategyKind.Ls)]
    [InlineData(StrategyKind.Tpe)]
    public void Registry_AcceptsConcurrentAsks_AgreesWithTheStrategyItBuilds(StrategyKind kind)
    {
        var strategy = StrategyRegistry.Create(kind, new ToySpace(Choices), new StrategySettings(), 0);
        Assert.Equal(StrategyRegistry.AcceptsConcurrentAsks(kind), strategy.AcceptsConcurrentAsks);
        Assert.Equal(kind is StrategyKind.Random or StrategyKind.Rea, strategy.AcceptsConcurrentAsks);
    }

    [Fact]
    public async Task RunAsync_TrainingsThatDiverge_RecordedFailedInAskOrderAndNeverChosen()
    {
        var space = new ToySpace([3, 3, 3, 3]);
        var evaluator = new ShufflingEvaluator(space, 3, 40, seed: 5, diverges: g => space.ToDecisions(g)[0] == 0);
        var result = await RunAsynchronous(Rea(space), evaluator, SearchBudget.Queries(40), 3);

        var failed = result.Trials.Where(t => t.Result.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => Assert.Equal(0, space.ToDecisions(t.Genotype)[0]));
        Assert.All(failed, t => Assert.True(double.IsNegativeInfinity(t.Result.Score) && t.Result.Failure!.StartsWith("training diverged", StringComparison.Ordinal)));
        Assert.False(result.BestResult.Failed);
        Assert.Equal(result.Trials.Where(t => !t.Result.Failed).Max(t => t.Result.Score), result.BestResult.Score);
    }

    [Fact]
    public async Task RegularizedEvolution_FourInFlight_FindsTheToyOptimum()
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var space = new ToySpace([4, 4, 4, 4, 4, 4]);
            var result = await RunAsynchronous(new RegularizedEvolution<int>(space, seed), new ImmediateEvaluator<int>(space), SearchBudget.Queries(500), 4);
            Assert.True(result.Best == space.Optimum, $"seed {seed}: best {result.Best} is not the optimum {space.Optimum}");
        }
    }

    /// <summary>
    /// Completes its tasks out of order, deterministically: at each ask, a seeded random subset of the pending tasks and
    /// every task the loop will wait for before its next ask (task i after ask i + K - 1; all after the last ask), in a
    /// random order. Genotypes for which <paramref name="diverges"/> holds fault their task as a diverged training.
    /// </summary>
    private sealed class ShufflingEvaluator(ToySpace space, int inFlight, int budget, int seed, Func<int, bool>? diverges = null) : IAsynchronousEvaluator<int>
    {
        private readonly Random random = new(seed);
        private readonly List<(int Index, int Genotype, TaskCompletionSource<EvaluationResult> Source)> pending = [];
        private int asked;

        public List<int> CompletionOrder { get; } = [];

        public Task<EvaluationResult> EvaluateAsync(int genotype, CancellationToken cancellationToken)
        {
            var source = new TaskCompletionSource<EvaluationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var index = asked++;
            pending.Add((index, genotype, source));
            // The loop waits for task i right after ask i + K - 1 (or the last ask): it must be done by then.
            CompleteSome(pending.Where(p => p.Index <= index - inFlight + 1 || index == budget - 1 || random.Next(2) == 0).ToList());
            return source.Task;
        }

        private void CompleteSome(List<(int Index, int Genotype, TaskCompletionSource<EvaluationResult> Source)> chosen)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chosen));
            foreach (var item in chosen)
            {
                pending.Remove(item);
                CompletionOrder.Add(item.Index);
                if (diverges?.Invoke(item.Genotype) == true)
                {
                    item.Source.SetException(new TrainingDivergedException($"training diverged on {item.Genotype}"));
                }
                else
                {
                    item.Source.SetResult(space.Evaluate(item.Genotype));
                }
            }
        }
    }

    /// <summary>Each result arrives after a seeded random delay of 0-4 ms, so later asks often finish first.</summary>
    private sealed class DelayingEvaluator(ToySpace space, int seed) : IAsynchronousEvaluator<int>
    {
        private readonly Random random = new(seed);

        public async Task<EvaluationResult> EvaluateAsync(int genotype, CancellationToken cancellationToken)
        {
            var result = space.Evaluate(genotype);
            await Task.Delay(random.Next(5), cancellationToken);
            return result;
        }
    }

    /// <summary>Answers at once and counts asks and the most asks pending (asked, not yet told) at any time.</summary>
    private sealed class CountingEvaluator(ToySpace space) : IAsynchronousEvaluator<int>
    {
        public int Asked { get; private set; }

        public int Told { get; set; }

        public int MostPending { get; private set; }

        public Task<EvaluationResult> EvaluateAsync(int genotype, CancellationToken cancellationToken)
        {
            Asked++;
            MostPending = Math.Max(MostPending, Asked - Told);
            return Task.FromResult(space.Evaluate(genotype));
        }
    }
}

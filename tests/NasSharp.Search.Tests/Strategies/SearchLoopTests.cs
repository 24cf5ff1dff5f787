using NasSharp.Search.Evaluation;
using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Strategies;

public class SearchLoopTests
{
    /// <summary>Asks a fixed list of genotypes in order, and remembers what it was told.</summary>
    private sealed class ScriptedStrategy(params int[] script) : ISearchStrategy<int>
    {
        private int next;

        public List<(int Genotype, double Score)> Told { get; } = [];

        public int Ask() => script[next++ % script.Length];

        public void Tell(int genotype, double score) => Told.Add((genotype, score));
    }

    /// <summary>Score = genotype, cost = genotype seconds unless told there is no cost.</summary>
    private sealed class IdentityEvaluator(bool withCost = true) : IEvaluator<int>
    {
        public EvaluationResult Evaluate(int genotype) => new(genotype, 10 * genotype, withCost ? genotype : null);
    }

    [Fact]
    public void Run_QueryBudget_EvaluatesExactlyThatManyAndCountsRepeats()
    {
        var strategy = new ScriptedStrategy(3, 3, 1);
        var seen = new List<int>();
        var result = new SearchLoop<int>(strategy, new IdentityEvaluator(), SearchBudget.Queries(7), t => seen.Add(t.Number)).Run();
        Assert.Equal(7, result.Queries);
        Assert.Equal(7, strategy.Told.Count);
        Assert.Equal(Enumerable.Range(1, 7), seen);
    }

    [Fact]
    public void Run_BestIsFirstHighestScore_WithReportedFigure()
    {
        var strategy = new ScriptedStrategy(2, 5, 1, 5, 4);
        var result = new SearchLoop<int>(strategy, new IdentityEvaluator(), SearchBudget.Queries(5)).Run();
        Assert.Equal(5, result.Best);
        Assert.Equal(50.0, result.BestResult.Reported);
        Assert.Equal(new[] { 2.0, 5, 5, 5, 5 }, result.Trials.Select(t => t.BestScore));
        Assert.Equal(2, result.Trials.First(t => t.Result.Score == 5).Number);
    }

    [Fact]
    public void Run_TimeBudget_StopsBeforeOverrunAndDiscardsThatTrial()
    {
        // Costs 4, 4, 4, ...: 10 s allow two trials; the third (12 s) is neither told nor recorded.
        var strategy = new ScriptedStrategy(4);
        var result = new SearchLoop<int>(strategy, new IdentityEvaluator(), SearchBudget.Seconds(10)).Run();
        Assert.Equal(2, result.Queries);
        Assert.Equal(8.0, result.ElapsedSeconds);
        Assert.Equal(2, strategy.Told.Count);
        Assert.Equal(new[] { 4.0, 8.0 }, result.Trials.Select(t => t.ElapsedSeconds));
    }

    [Fact]
    public void Run_BothBudgets_StopsAtTheFirstReached()
    {
        var result = new SearchLoop<int>(new ScriptedStrategy(1), new IdentityEvaluator(), SearchBudget.Of(3, 100)).Run();
        Assert.Equal(3, result.Queries);
    }

    [Fact]
    public void Run_TimeBudgetWithoutCosts_ThrowsNamingTheProblem()
    {
        var loop = new SearchLoop<int>(new ScriptedStrategy(1), new IdentityEvaluator(withCost: false), SearchBudget.Seconds(10));
        var ex = Assert.Throws<InvalidOperationException>(() => loop.Run());
        Assert.Contains("time budget", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void SearchBudget_NonPositiveQueries_Throws(int queries) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SearchBudget.Queries(queries));

    [Fact]
    public void SearchBudget_NoLimitOrBadSeconds_Throws()
    {
        Assert.Throws<ArgumentException>(() => SearchBudget.Of(null, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => SearchBudget.Seconds(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SearchBudget.Seconds(double.PositiveInfinity));
    }

    [Fact]
    public void SearchSeeds_Derive_IsStableAndSeparatesStreams()
    {
        Assert.Equal(SearchSeeds.Derive(0, 1), SearchSeeds.Derive(0, 1));
        var seeds = new HashSet<int>();
        for (var s = 0; s < 20; s++)
        {
            for (var r = 0; r < 20; r++)
            {
                Assert.True(seeds.Add(SearchSeeds.Derive(s, r)));
                Assert.True(SearchSeeds.Derive(s, r) >= 0);
            }
        }
    }
}

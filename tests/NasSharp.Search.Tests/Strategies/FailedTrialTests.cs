using NasSharp.NN.Optimization;
using NasSharp.Search.Evaluation;
using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Strategies;

public class FailedTrialTests
{
    [Theory]
    [InlineData(StrategyKind.Random)]
    [InlineData(StrategyKind.Rea)]
    [InlineData(StrategyKind.Reinforce)]
    [InlineData(StrategyKind.Ls)]
    [InlineData(StrategyKind.Tpe)]
    public void SearchLoop_TrialsWhoseTrainingDiverges_AreRecordedFailedAndNeverChosen(StrategyKind kind)
    {
        var space = new ToySpace([3, 3, 3, 3]);
        var evaluator = new DivergingEvaluator(space);
        var strategy = StrategyRegistry.Create(kind, space, new StrategySettings(Population: 5, SampleSize: 2), seed: 1);
        var result = new SearchLoop<int>(strategy, evaluator, SearchBudget.Of(40, null)).Run();

        var failed = result.Trials.Where(t => t.Result.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => Assert.True(double.IsNegativeInfinity(t.Result.Score) && t.Result.Failure!.Contains("diverged", StringComparison.Ordinal)));
        Assert.False(result.BestResult.Failed);
        Assert.True(double.IsFinite(result.BestResult.Score));
        Assert.Equal(result.Trials.Where(t => !t.Result.Failed).Max(t => t.Result.Score), result.BestResult.Score);
    }

    [Fact]
    public void SearchLoop_EveryTrialDiverges_StopsWithTheFirstReason()
    {
        var space = new ToySpace([3, 3]);
        var strategy = StrategyRegistry.Create(StrategyKind.Random, space, new StrategySettings(), seed: 0);
        var ex = Assert.Throws<TrainingDivergedException>(() => new SearchLoop<int>(strategy, new DivergingEvaluator(space, all: true), SearchBudget.Of(5, null)).Run());
        Assert.StartsWith("every trial of the search failed; the first: training diverged", ex.Message, StringComparison.Ordinal);
    }

    // Diverges on every genotype whose first decision is 0 (or on all of them), otherwise scores as the toy space does.
    private sealed class DivergingEvaluator(ToySpace space, bool all = false) : IEvaluator<int>
    {
        public EvaluationResult Evaluate(int genotype) => all || space.ToDecisions(genotype)[0] == 0
            ? throw new TrainingDivergedException($"training diverged at step 2 on {genotype}")
            : space.Evaluate(genotype);
    }
}

using NasSharp.Search.Evaluation;

namespace NasSharp.Search.Strategies;

/// <summary>
/// Runs a strategy against an evaluator: Ask, evaluate, Tell, until the budget is spent. The loop, not
/// the strategy, charges the budget (every query counts, a repeated genotype too, as NB201's reference
/// code counts them), keeps the best, and hands every trial to the observer (records, progress).
/// Under a time budget, an evaluation whose simulated cost would overrun the budget is discarded (not
/// told, not recorded) and the search stops: the time was not there to finish it.
/// </summary>
public sealed class SearchLoop<TGenotype>
{
    private readonly ISearchStrategy<TGenotype> strategy;
    private readonly IEvaluator<TGenotype> evaluator;
    private readonly SearchBudget budget;
    private readonly Action<SearchTrial<TGenotype>>? onTrial;

    /// <param name="strategy">Proposes genotypes.</param>
    /// <param name="evaluator">Scores them.</param>
    /// <param name="budget">When to stop.</param>
    /// <param name="onTrial">Called after every trial, in order (recording, progress), or null.</param>
    public SearchLoop(ISearchStrategy<TGenotype> strategy, IEvaluator<TGenotype> evaluator, SearchBudget budget, Action<SearchTrial<TGenotype>>? onTrial = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(budget);
        this.strategy = strategy;
        this.evaluator = evaluator;
        this.budget = budget;
        this.onTrial = onTrial;
    }

    /// <summary>Runs the search to the end of the budget.</summary>
    /// <exception cref="InvalidOperationException">A time budget with an evaluator that reports no positive cost.</exception>
    public SearchResult<TGenotype> Run()
    {
        var trials = new List<SearchTrial<TGenotype>>(Math.Min(budget.MaxQueries ?? 64, 4096));
        var elapsed = 0.0;
        SearchTrial<TGenotype>? best = null;
        while (trials.Count < (budget.MaxQueries ?? int.MaxValue))
        {
            var genotype = strategy.Ask();
            EvaluationResult result;
            try
            {
                result = evaluator.Evaluate(genotype);
            }
            catch (NasSharp.NN.Optimization.TrainingDivergedException ex)
            {
                // A trial whose training diverged is a failed trial: recorded with its reason, told as the worst score.
                result = EvaluationResult.FailedWith(ex.Message);
            }

            var cost = Cost(result);
            if (budget.MaxSeconds is { } limit && elapsed + cost > limit)
            {
                break;
            }

            elapsed += cost;
            strategy.Tell(genotype, result.Score);
            var bestScore = best is null || result.Score > best.Result.Score ? result.Score : best.Result.Score;
            var trial = new SearchTrial<TGenotype>(trials.Count + 1, genotype, result, elapsed, bestScore);
            if (best is null || result.Score > best.Result.Score)
            {
                best = trial;
            }

            trials.Add(trial);
            onTrial?.Invoke(trial);
        }

        if (best is { Result.Failed: true })
        {
            throw new NasSharp.NN.Optimization.TrainingDivergedException($"every trial of the search failed; the first: {best.Result.Failure}");
        }

        return best is null
            ? throw new InvalidOperationException("SearchLoop: the time budget is smaller than the cost of the first evaluation.")
            : new SearchResult<TGenotype>(best.Genotype, best.Result, trials.Count, elapsed, trials);
    }

    private double Cost(EvaluationResult result)
    {
        if (budget.MaxSeconds is null)
        {
            return result.CostSeconds ?? 0.0;
        }

        return result.CostSeconds is { } c && c > 0 && double.IsFinite(c)
            ? c
            : throw new InvalidOperationException("SearchLoop: a time budget needs an evaluator that reports a positive simulated cost per query (a table with a time column).");
    }
}

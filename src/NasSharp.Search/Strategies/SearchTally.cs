using NasSharp.Search.Evaluation;

namespace NasSharp.Search.Strategies;

/// <summary>
/// The bookkeeping both search loops share: the budget charged so far, the trials in order, the best, and the result.
/// One place, so a synchronous and an asynchronous search with one evaluation in flight record the very same trials.
/// </summary>
internal sealed class SearchTally<TGenotype>(SearchBudget budget, Action<SearchTrial<TGenotype>>? onTrial)
{
    private readonly List<SearchTrial<TGenotype>> trials = new(Math.Min(budget.MaxQueries ?? 64, 4096));
    private double elapsed;
    private SearchTrial<TGenotype>? best;

    /// <summary>Trials recorded so far.</summary>
    public int Count => trials.Count;

    /// <summary>
    /// Charges the simulated cost of <paramref name="result"/>; false (nothing charged) when it would overrun the time
    /// budget, and the search stops: the time was not there to finish it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A time budget with a result that reports no positive cost.</exception>
    public bool TryCharge(EvaluationResult result)
    {
        var cost = Cost(result);
        if (budget.MaxSeconds is { } limit && elapsed + cost > limit)
        {
            return false;
        }

        elapsed += cost;
        return true;
    }

    /// <summary>Records a told trial (numbered after the last) and hands it to the observer.</summary>
    public void Record(TGenotype genotype, EvaluationResult result)
    {
        var bestScore = best is null || result.Score > best.Result.Score ? result.Score : best.Result.Score;
        var trial = new SearchTrial<TGenotype>(trials.Count + 1, genotype, result, elapsed, bestScore);
        if (best is null || result.Score > best.Result.Score)
        {
            best = trial;
        }

        trials.Add(trial);
        onTrial?.Invoke(trial);
    }

    /// <summary>The outcome: the first best trial.</summary>
    /// <exception cref="NasSharp.NN.Optimization.TrainingDivergedException">Every trial failed.</exception>
    /// <exception cref="InvalidOperationException">No trial fitted in the time budget.</exception>
    public SearchResult<TGenotype> Result()
    {
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

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
        var tally = new SearchTally<TGenotype>(budget, onTrial);
        while (tally.Count < (budget.MaxQueries ?? int.MaxValue))
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

            if (!tally.TryCharge(result))
            {
                break;
            }

            strategy.Tell(genotype, result.Score);
            tally.Record(genotype, result);
        }

        return tally.Result();
    }
}

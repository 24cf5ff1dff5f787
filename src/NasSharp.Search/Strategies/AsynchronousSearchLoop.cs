using NasSharp.NN.Optimization;
using NasSharp.Search.Evaluation;

namespace NasSharp.Search.Strategies;

/// <summary>
/// Runs a strategy with up to K evaluations in flight, as asynchronous regularized evolution runs on many workers
/// (Real et al., AAAI 2019): it keeps asking while fewer than K evaluations are pending and the budget allows another
/// ask, then waits for the OLDEST pending evaluation and tells its result. Results are told and recorded in ask order,
/// so the schedule of asks and tells depends only on K and the budget, never on which evaluation finishes first: a
/// search gives the same trials whatever the completion order, and with K = 1 exactly the trials of
/// <see cref="SearchLoop{TGenotype}"/>. The budget counts asks (a query is charged when asked; no more are asked than
/// the budget), and every ask is told before the search ends. Failed evaluations (a diverged training) are recorded
/// and told the worst score, as in <see cref="SearchLoop{TGenotype}"/>. A time budget needs K = 1: with several
/// evaluations in flight, an overrun would be known only after later asks were made.
/// </summary>
public sealed class AsynchronousSearchLoop<TGenotype>
{
    private readonly ISearchStrategy<TGenotype> strategy;
    private readonly IAsynchronousEvaluator<TGenotype> evaluator;
    private readonly SearchBudget budget;
    private readonly int inFlight;
    private readonly Action<SearchTrial<TGenotype>>? onTrial;

    /// <param name="strategy">Proposes genotypes; with <paramref name="inFlight"/> above 1 it must accept concurrent asks.</param>
    /// <param name="evaluator">Scores them; its tasks may complete in any order.</param>
    /// <param name="budget">When to stop; a time budget only with <paramref name="inFlight"/> = 1.</param>
    /// <param name="inFlight">K: the most evaluations pending at once, at least 1.</param>
    /// <param name="onTrial">Called after every trial, in ask order (recording, progress), or null.</param>
    /// <exception cref="ArgumentException">A strategy that tells before it asks again, or a time budget, with K above 1.</exception>
    public AsynchronousSearchLoop(ISearchStrategy<TGenotype> strategy, IAsynchronousEvaluator<TGenotype> evaluator, SearchBudget budget, int inFlight, Action<SearchTrial<TGenotype>>? onTrial = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, 1);
        if (inFlight > 1 && !strategy.AcceptsConcurrentAsks)
        {
            throw new ArgumentException($"{inFlight} evaluations in flight need a strategy that accepts several asks before their tells; {strategy.GetType().Name.Split('`')[0]} tells each result before its next ask", nameof(strategy));
        }

        if (inFlight > 1 && budget.MaxSeconds is not null)
        {
            throw new ArgumentException($"a time budget needs one evaluation in flight, got {inFlight}: with several, an overrun shows only after later asks were made", nameof(budget));
        }

        this.strategy = strategy;
        this.evaluator = evaluator;
        this.budget = budget;
        this.inFlight = inFlight;
        this.onTrial = onTrial;
    }

    /// <summary>Runs the search to the end of the budget.</summary>
    /// <param name="cancellationToken">Stops waiting; the evaluations pending are abandoned (the evaluator may keep their work).</param>
    /// <exception cref="InvalidOperationException">A time budget with an evaluator that reports no positive cost.</exception>
    public async Task<SearchResult<TGenotype>> RunAsync(CancellationToken cancellationToken = default)
    {
        var tally = new SearchTally<TGenotype>(budget, onTrial);
        var maxAsks = budget.MaxQueries ?? int.MaxValue;
        var pending = new Queue<(TGenotype Genotype, Task<EvaluationResult> Evaluation)>(inFlight);
        var asked = 0;
        // Evaluations still pending when the search stops early (an error, a time budget) are waited for no longer.
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                while (pending.Count < inFlight && asked < maxAsks)
                {
                    var genotype = strategy.Ask();
                    asked++;
                    pending.Enqueue((genotype, evaluator.EvaluateAsync(genotype, abandon.Token)));
                }

                if (pending.Count == 0)
                {
                    break;
                }

                var (oldest, evaluation) = pending.Dequeue();
                var result = await Outcome(evaluation).ConfigureAwait(false);
                if (!tally.TryCharge(result))
                {
                    break;
                }

                strategy.Tell(oldest, result.Score);
                tally.Record(oldest, result);
            }
        }
        finally
        {
            await abandon.CancelAsync().ConfigureAwait(false);
        }

        return tally.Result();
    }

    // A trial whose training diverged is a failed trial: recorded with its reason, told as the worst score.
    private static async Task<EvaluationResult> Outcome(Task<EvaluationResult> evaluation)
    {
        try
        {
            return await evaluation.ConfigureAwait(false);
        }
        catch (TrainingDivergedException ex)
        {
            return EvaluationResult.FailedWith(ex.Message);
        }
    }
}

namespace NasSharp.Search.Evaluation;

/// <summary>
/// Scores a genotype without holding up the caller: the evaluation starts when <see cref="EvaluateAsync"/> is called
/// (e.g. a unit of work is queued for a worker) and the task completes when its result is in. Several evaluations may
/// be in flight at once (<see cref="Strategies.AsynchronousSearchLoop{TGenotype}"/>); they may finish in any order.
/// </summary>
public interface IAsynchronousEvaluator<TGenotype>
{
    /// <summary>
    /// Starts evaluating <paramref name="genotype"/>. A training that diverges faults the task with
    /// <see cref="NasSharp.NN.Optimization.TrainingDivergedException"/>, which the search records as a failed trial.
    /// </summary>
    /// <param name="genotype">What to score.</param>
    /// <param name="cancellationToken">Stops waiting for the result (work already handed out is not taken back).</param>
    Task<EvaluationResult> EvaluateAsync(TGenotype genotype, CancellationToken cancellationToken);
}

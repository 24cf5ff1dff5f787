using NasSharp.NN.Optimization;

namespace NasSharp.Search.Evaluation;

/// <summary>
/// A synchronous evaluator in the asynchronous contract: each genotype is evaluated at once, when asked, and handed back
/// as a completed task. With it, <see cref="Strategies.AsynchronousSearchLoop{TGenotype}"/> simulates an asynchronous
/// search on a table (the same trials a real pool of workers would give) or runs one evaluation in flight exactly as
/// <see cref="Strategies.SearchLoop{TGenotype}"/> does.
/// </summary>
public sealed class ImmediateEvaluator<TGenotype> : IAsynchronousEvaluator<TGenotype>
{
    private readonly IEvaluator<TGenotype> inner;

    public ImmediateEvaluator(IEvaluator<TGenotype> inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
    }

    public Task<EvaluationResult> EvaluateAsync(TGenotype genotype, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(inner.Evaluate(genotype));
        }
        catch (TrainingDivergedException ex)
        {
            // A diverged training is a result (a failed trial), not an error of the search: it travels in the task.
            return Task.FromException<EvaluationResult>(ex);
        }
    }
}

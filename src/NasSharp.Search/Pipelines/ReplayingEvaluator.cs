using NasSharp.Search.Evaluation;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// Answers the first queries of a search from its recorded trials and the rest from the real evaluator. A query whose
/// genotype differs from the recorded one means the strategy did not retrace the interrupted run (other options, other
/// code): the search stops rather than mix two runs. Queries count in ask order, which is the order trials are recorded
/// in by both search loops, so the recorded trial n answers the n-th ask also with several evaluations in flight.
/// </summary>
internal sealed class ReplayingEvaluator<TGenotype> : IEvaluator<TGenotype>, IAsynchronousEvaluator<TGenotype>
    where TGenotype : notnull
{
    private readonly IEvaluator<TGenotype> inner;
    private readonly IAsynchronousEvaluator<TGenotype> asynchronousInner;
    private readonly IReadOnlyList<RecordedEvaluation> recorded;
    private readonly int repeat;

    /// <param name="inner">The real evaluator; also used asynchronously when it implements <see cref="IAsynchronousEvaluator{TGenotype}"/>.</param>
    /// <param name="recorded">The interrupted run's trials of this repeat, in order.</param>
    /// <param name="repeat">The repeat (0-based), for messages.</param>
    public ReplayingEvaluator(IEvaluator<TGenotype> inner, IReadOnlyList<RecordedEvaluation> recorded, int repeat)
    {
        this.inner = inner;
        asynchronousInner = inner as IAsynchronousEvaluator<TGenotype> ?? new ImmediateEvaluator<TGenotype>(inner);
        this.recorded = recorded;
        this.repeat = repeat;
    }

    /// <summary>Queries answered or handed on so far (replayed ones included).</summary>
    public int Queries { get; private set; }

    public EvaluationResult Evaluate(TGenotype genotype) => Replayed(genotype) is { } result ? result : inner.Evaluate(genotype);

    public Task<EvaluationResult> EvaluateAsync(TGenotype genotype, CancellationToken cancellationToken) =>
        Replayed(genotype) is { } result ? Task.FromResult(result) : asynchronousInner.EvaluateAsync(genotype, cancellationToken);

    // The recorded answer of this query, or null once the record is used up.
    private EvaluationResult? Replayed(TGenotype genotype)
    {
        var index = Queries++;
        if (index >= recorded.Count)
        {
            return null;
        }

        var record = recorded[index];
        var asked = genotype.ToString();
        return asked == record.Genotype
            ? record.Result
            : throw new InvalidOperationException($"cannot resume: repeat {repeat + 1} trial {index + 1} asked {asked} but the store recorded {record.Genotype}; the saved options or the code differ from the interrupted run");
    }
}

using NasSharp.Search.Benchmarks;
using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;

namespace NasSharp.Cli;

/// <summary>
/// Wraps a supernet (or training) evaluator so that each result also carries a reported figure looked up in a
/// table, e.g. the stand-alone test accuracy of a <c>nas groundtruth</c> CSV; architectures the table lacks report
/// nothing. The strategy still sees only the inner score. An asynchronous inner evaluator (units for workers) stays
/// asynchronous.
/// </summary>
internal sealed class SupernetReportingEvaluator(IEvaluator<Nb201Genotype> inner, Nb201Table table, string column) : IEvaluator<Nb201Genotype>, IAsynchronousEvaluator<Nb201Genotype>
{
    private readonly ReadOnlyMemory<double> values = table.ColumnValues(column);
    private readonly IAsynchronousEvaluator<Nb201Genotype> asynchronousInner = inner as IAsynchronousEvaluator<Nb201Genotype> ?? new ImmediateEvaluator<Nb201Genotype>(inner);

    public EvaluationResult Evaluate(Nb201Genotype genotype) => Reported(genotype, inner.Evaluate(genotype));

    public async Task<EvaluationResult> EvaluateAsync(Nb201Genotype genotype, CancellationToken cancellationToken) =>
        Reported(genotype, await asynchronousInner.EvaluateAsync(genotype, cancellationToken).ConfigureAwait(false));

    private EvaluationResult Reported(Nb201Genotype genotype, EvaluationResult result) =>
        table.Contains(genotype) ? result with { Reported = values.Span[genotype.Index] } : result;
}

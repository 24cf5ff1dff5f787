using NasSharp.Search.Benchmarks;
using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;

namespace NasSharp.Cli;

/// <summary>
/// Wraps a supernet (or training) evaluator so that each result also carries a reported figure looked up in a
/// table, e.g. the stand-alone test accuracy of a <c>nas groundtruth</c> CSV; architectures the table lacks report
/// nothing. The strategy still sees only the inner score.
/// </summary>
internal sealed class SupernetReportingEvaluator(IEvaluator<Nb201Genotype> inner, Nb201Table table, string column) : IEvaluator<Nb201Genotype>
{
    private readonly ReadOnlyMemory<double> values = table.ColumnValues(column);

    public EvaluationResult Evaluate(Nb201Genotype genotype)
    {
        var result = inner.Evaluate(genotype);
        return table.Contains(genotype) ? result with { Reported = values.Span[genotype.Index] } : result;
    }
}

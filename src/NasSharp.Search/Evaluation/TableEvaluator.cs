using NasSharp.Search.Benchmarks;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.Evaluation;

/// <summary>
/// Scores NB201 genotypes by table lookup. The search column and the reported column are separate
/// choices: the NB201 paper searches on a validation accuracy and reports the 200-epoch test accuracy
/// of the architecture the search chose. Columns are resolved once, so a query is an array read.
/// </summary>
public sealed class TableEvaluator : IEvaluator<Nb201Genotype>
{
    private readonly Nb201Table table;
    private readonly ReadOnlyMemory<double> search;
    private readonly ReadOnlyMemory<double>? report;
    private readonly ReadOnlyMemory<double>? time;

    /// <summary>Creates the evaluator; throws <see cref="ArgumentException"/> naming any unknown column.</summary>
    /// <param name="table">The benchmark table.</param>
    /// <param name="searchColumn">Column returned as <see cref="EvaluationResult.Score"/>.</param>
    /// <param name="reportColumn">Column returned as <see cref="EvaluationResult.Reported"/>, or null.</param>
    /// <param name="timeColumn">Column of simulated seconds per query, or null for no cost.</param>
    public TableEvaluator(Nb201Table table, string searchColumn, string? reportColumn = null, string? timeColumn = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        this.table = table;
        search = table.ColumnValues(searchColumn);
        // Explicit nullable: a bare null would convert to an EMPTY ReadOnlyMemory through double[].
        report = reportColumn is null ? (ReadOnlyMemory<double>?)null : table.ColumnValues(reportColumn);
        time = timeColumn is null ? (ReadOnlyMemory<double>?)null : table.ColumnValues(timeColumn);
        SearchColumn = searchColumn;
        ReportColumn = reportColumn;
        TimeColumn = timeColumn;
    }

    public string SearchColumn { get; }

    public string? ReportColumn { get; }

    public string? TimeColumn { get; }

    /// <exception cref="ArgumentException">The genotype is not in the table.</exception>
    public EvaluationResult Evaluate(Nb201Genotype genotype)
    {
        var i = genotype.Index;
        if (!table.Contains(genotype))
        {
            throw table.NotInTable(genotype);
        }

        return new EvaluationResult(
            search.Span[i],
            report is { } r ? r.Span[i] : null,
            time is { } t ? t.Span[i] : null);
    }
}

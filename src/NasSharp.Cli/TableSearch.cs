using System.Diagnostics;
using NasSharp.Search.Benchmarks;
using NasSharp.Search.Evaluation;

namespace NasSharp.Cli;

/// <summary>
/// The <c>--evaluator table</c> branch of <c>nas search</c>: repeated searches of the NB201 space
/// scored by a tabular benchmark, every trial recorded in a run directory and the store (<see cref="SearchRun"/>).
/// </summary>
internal static class TableSearch
{
    /// <summary>Runs the search; <paramref name="resume"/> is the run directory of an interrupted one, or null.</summary>
    public static int Run(SearchOptions options, string? resume, TextWriter output)
    {
        var table = Nb201Table.Load(options.TablePath ?? throw new ArgumentException("--evaluator table needs --table FILE"));
        var evaluator = new TableEvaluator(table, options.SearchMetric, options.ReportMetric, options.TimeColumn);
        using var session = SearchSession.Open(options, resume);
        output.WriteLine(FormattableString.Invariant(
            $"nas search: {options.StrategyName} on {options.SpaceName} ({table.Count} architectures), search {options.SearchMetric}, report {options.ReportMetric}, {SearchRun.BudgetText(options)}, {options.Repeat} repeat(s), seed {options.Seed}"));
        var clock = Stopwatch.StartNew();
        var results = SearchRun.Run(options, evaluator, session, output);
        SearchRun.Finish(options, results, clock.Elapsed.TotalSeconds, session.Run, output);
        session.Complete();
        return 0;
    }
}

using System.Diagnostics;
using NasSharp.Search.Benchmarks;
using NasSharp.Search.Evaluation;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The <c>--evaluator table</c> branch of <c>nas search</c>: repeated searches of the NB201 space
/// scored by a tabular benchmark, every trial recorded in a run directory (<see cref="SearchRun"/>).
/// </summary>
internal static class TableSearch
{
    public static int Run(SearchOptions options, TextWriter output)
    {
        var table = Nb201Table.Load(options.TablePath ?? throw new ArgumentException("--evaluator table needs --table FILE"));
        var evaluator = new TableEvaluator(table, options.SearchMetric, options.ReportMetric, options.TimeColumn);
        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", options);
        output.WriteLine(FormattableString.Invariant(
            $"nas search: {options.Strategy} on {options.Space} ({table.Count} architectures), search {options.SearchMetric}, report {options.ReportMetric}, {SearchRun.BudgetText(options)}, {options.Repeat} repeat(s), seed {options.Seed}"));
        var clock = Stopwatch.StartNew();
        var results = SearchRun.Run(options, evaluator, run, output);
        SearchRun.Finish(options, results, clock.Elapsed.TotalSeconds, run, output);
        return 0;
    }
}

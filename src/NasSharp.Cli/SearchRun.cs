using System.Globalization;
using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;
using NasSharp.Search.Strategies;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The repeated-search loop of <c>nas search</c>, whatever the evaluator (table, supernet, stand-alone training):
/// every trial of every repeat goes to <c>trials.csv</c>, each repeat's choice to <c>repeats.csv</c>, the summary to
/// <c>summary.json</c>. With a slow evaluator a progress line is printed every few seconds.
/// </summary>
internal static class SearchRun
{
    private static readonly string[] TrialColumns = ["repeat", "seed", "trial", "genotype", "op_indices", "search", "report", "cost_seconds", "elapsed_seconds", "best_search", "failure"];
    private static readonly string[] RepeatColumns = ["repeat", "seed", "genotype", "search", "report", "queries", "elapsed_seconds"];

    /// <summary>Runs <see cref="SearchOptions.Repeat"/> searches, records them in <paramref name="run"/>, and returns the per-repeat results.</summary>
    public static List<SearchResult<Nb201Genotype>> Run(SearchOptions options, IEvaluator<Nb201Genotype> evaluator, RunDirectory run, TextWriter output)
    {
        var budget = SearchBudget.Of(options.Budget, options.TimeBudget);
        var results = new List<SearchResult<Nb201Genotype>>(options.Repeat);
        var progress = new ProgressReporter(output, "search");
        using var trials = run.CreateCsv("trials.csv", TrialColumns);
        using var repeats = run.CreateCsv("repeats.csv", RepeatColumns);
        for (var r = 0; r < options.Repeat; r++)
        {
            var seed = SearchSeeds.Derive(options.Seed, r);
            var strategy = SearchStrategies.Create(Nb201Space.Instance, options, seed);
            var repeat = r;
            var loop = new SearchLoop<Nb201Genotype>(strategy, evaluator, budget, t =>
            {
                trials.WriteRow(repeat, seed, t.Number, t.Genotype.ToString(), t.Genotype.ToOpIndices(), t.Result.Score, t.Result.Reported, t.Result.CostSeconds, t.ElapsedSeconds, t.BestScore, t.Result.Failure);
                // Work is queries, or simulated seconds under a time budget; the ETA spans every repeat.
                var (done, per) = options.Budget is { } queries ? ((double)t.Number, queries) : (t.ElapsedSeconds, options.TimeBudget ?? 1);
                progress.Update((repeat * per) + done, options.Repeat * per, string.Create(CultureInfo.InvariantCulture, $"repeat {repeat + 1}/{options.Repeat}  trial {t.Number}  best {options.SearchMetric} {t.BestScore:F2}"));
            });
            var result = loop.Run();
            var b = result.BestResult;
            repeats.WriteRow(r, seed, result.Best.ToString(), b.Score, b.Reported, result.Queries, result.ElapsedSeconds);
            results.Add(result);
            var report = b.Reported is { } reported ? FormattableString.Invariant($"  {options.ReportMetric} {reported:F3}") : string.Empty;
            progress.Line(FormattableString.Invariant(
                $"repeat {r + 1,4}/{options.Repeat}  {options.SearchMetric} {b.Score:F3}{report}  {result.Queries} queries  {result.Best}"));
        }

        return results;
    }

    /// <summary>Writes <c>summary.json</c>, prints the summary (and, with --json, its JSON as the last line).</summary>
    public static SearchSummary Finish(SearchOptions options, List<SearchResult<Nb201Genotype>> results, double seconds, RunDirectory run, TextWriter output)
    {
        var summary = Summarize(options, results, seconds, run.Path);
        run.WriteJson("summary.json", summary);
        Print(output, summary);
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }

        return summary;
    }

    public static string BudgetText(SearchOptions o) => (o.Budget, o.TimeBudget) switch
    {
        ({ } q, { } t) => FormattableString.Invariant($"budget {q} queries or {t} simulated s"),
        ({ } q, null) => FormattableString.Invariant($"budget {q} queries"),
        (null, { } t) => FormattableString.Invariant($"budget {t} simulated s"),
        _ => "no budget",
    };

    private static SearchSummary Summarize(SearchOptions options, List<SearchResult<Nb201Genotype>> results, double seconds, string runPath)
    {
        var search = SearchStatistics.Of(results.ConvertAll(r => r.BestResult.Score));
        var reported = results.Where(r => r.BestResult.Reported is not null).Select(r => r.BestResult.Reported!.Value).ToList();
        var report = reported.Count == results.Count ? SearchStatistics.Of(reported) : (SearchStatistics?)null;

        // The overall best is the repeat whose chosen genotype has the highest search score (earliest on ties).
        var best = results[0];
        foreach (var r in results)
        {
            best = r.BestResult.Score > best.BestResult.Score ? r : best;
        }

        return new SearchSummary(
            options.Space, options.Strategy, options.Dataset, options.SearchMetric, options.ReportMetric, options.Repeat, options.Budget, options.TimeBudget, options.Seed,
            results.Average(r => r.Queries), search.Mean, search.Std, report?.Mean, report?.Std,
            best.Best.ToString(), best.BestResult.Score, best.BestResult.Reported, Math.Round(seconds, 4), runPath);
    }

    private static void Print(TextWriter output, SearchSummary s)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(c, "best genotype: {0}", s.BestGenotype));
        output.WriteLine(string.Format(c, "  {0} {1:F3}, {2} {3:F3}", s.SearchMetric, s.BestSearch, s.ReportMetric, s.BestReport));
        output.WriteLine(string.Format(c, "mean over {0} repeat(s): {1} {2}, {3} {4}", s.Repeats, s.SearchMetric, new SearchStatistics(s.SearchMean, s.SearchStd), s.ReportMetric, s.ReportMean is { } m ? new SearchStatistics(m, s.ReportStd ?? 0) : "n/a"));
        output.WriteLine(string.Format(c, "{0:F1} queries per repeat, {1:F3} s; run directory {2}", s.MeanQueries, s.SearchSeconds, s.RunDirectory));
    }
}

using System.Globalization;
using NasSharp.Search.Evaluation;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces;
using NasSharp.Search.Strategies;
using NasSharp.Store;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search</c>'s repeated search of the NB201 space, whatever the evaluator (table, supernet, stand-alone training):
/// the library's <see cref="RepeatedSearch{TGenotype}"/> with a <see cref="Nb201SearchRecorder"/> writing trials.csv,
/// repeats.csv and the store, then summary.json.
/// </summary>
internal static class SearchRun
{
    /// <summary>
    /// Runs the searches of <paramref name="session"/>, replaying what an interrupted run recorded; a table search commits
    /// to the store once per repeat, any slower evaluator once per trial.
    /// </summary>
    public static List<SearchResult<Nb201Genotype>> Run(SearchOptions options, IEvaluator<Nb201Genotype> evaluator, SearchSession session, TextWriter output)
    {
        var policy = options.Evaluator == EvaluatorKind.Table ? SearchCommitPolicy.PerRepeat : SearchCommitPolicy.PerTrial;
        var log = new SearchTrialLog(session.Store, session.Study.Id, policy);
        using var recorder = new Nb201SearchRecorder(options, session.Run, log, output);
        return [.. new RepeatedSearch<Nb201Genotype>(Nb201Space.Instance, evaluator, options.SearchSettings()).Run(recorder, session.Replay())];
    }

    /// <summary>
    /// Runs the searches of <paramref name="session"/> on any space with a slow evaluator (a supernet), committing each trial
    /// to the store and replaying what an interrupted run recorded, as the NB201 searches do.
    /// </summary>
    public static List<SearchResult<TGenotype>> Run<TGenotype>(SearchOptions options, ISearchSpace<TGenotype> space, IEvaluator<TGenotype> evaluator, SearchSession session, TextWriter output)
        where TGenotype : notnull
    {
        var log = new SearchTrialLog(session.Store, session.Study.Id, SearchCommitPolicy.PerTrial);
        using var recorder = new SearchTrialRecorder<TGenotype>(options, session.Run, log, output);
        return [.. new RepeatedSearch<TGenotype>(space, evaluator, options.SearchSettings()).Run(recorder, session.Replay())];
    }

    /// <summary>Writes <c>summary.json</c>, prints the summary (and, with --json, its JSON as the last line).</summary>
    public static RepeatedSearchSummary Finish<TGenotype>(SearchOptions options, IReadOnlyList<SearchResult<TGenotype>> results, double seconds, RunDirectory run, TextWriter output)
    {
        var description = new RepeatedSearchDescription(options.SpaceName, options.Dataset, options.SearchMetric, options.ReportMetric, options.SearchSettings());
        var summary = RepeatedSearchSummary.Of(description, results, seconds, run.Path);
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

    private static void Print(TextWriter output, RepeatedSearchSummary s)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(c, "best genotype: {0}", s.BestGenotype));
        output.WriteLine(string.Format(c, "  {0} {1:F3}, {2} {3:F3}", s.SearchMetric, s.BestSearch, s.ReportMetric, s.BestReport));
        output.WriteLine(string.Format(c, "mean over {0} repeat(s): {1} {2}, {3} {4}", s.Repeats, s.SearchMetric, new SearchStatistics(s.SearchMean, s.SearchStd), s.ReportMetric, s.ReportMean is { } m ? new SearchStatistics(m, s.ReportStd ?? 0) : "n/a"));
        output.WriteLine(string.Format(c, "{0:F1} queries per repeat, {1:F3} s; run directory {2}", s.MeanQueries, s.SearchSeconds, s.RunDirectory));
    }
}

using System.Diagnostics;
using System.Globalization;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Strategies;
using NasSharp.Store;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// Records a repeated search of any space: every trial to trials.csv (flushed per row, so a kill never leaves half a
/// row) and, unless replayed from the store, to the store; each repeat's choice to repeats.csv and one line of output; a
/// progress line with the ETA (live on a terminal, every 10 s otherwise). A resumed run rewrites both files from the
/// start (replayed trials included). With an <c>encoding</c> (NAS-Bench-201's op indices) trials.csv has an
/// <c>op_indices</c> column after the genotype.
/// </summary>
internal class SearchTrialRecorder<TGenotype> : ISearchRecorder<TGenotype>, IDisposable
    where TGenotype : notnull
{
    private static readonly string[] RepeatColumns = ["repeat", "seed", "genotype", "search", "report", "queries", "elapsed_seconds"];
    private readonly SearchOptions options;
    private readonly SearchTrialLog? log;
    private readonly Func<TGenotype, string>? encoding;
    private readonly CsvTableWriter trials;
    private readonly CsvTableWriter repeats;
    private readonly ProgressReporter progress;
    private readonly Stopwatch trialClock = Stopwatch.StartNew();

    public SearchTrialRecorder(SearchOptions options, RunDirectory run, SearchTrialLog? log, TextWriter output, Func<TGenotype, string>? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        this.options = options;
        this.log = log;
        this.encoding = encoding;
        progress = new ProgressReporter(output, "search");
        string[] first = ["repeat", "seed", "trial", "genotype"];
        string[] rest = ["search", "report", "cost_seconds", "elapsed_seconds", "best_search", "failure"];
        trials = run.CreateCsv("trials.csv", encoding is null ? [.. first, .. rest] : [.. first, "op_indices", .. rest]);
        repeats = run.CreateCsv("repeats.csv", RepeatColumns);
    }

    public void TrialFinished(RepeatedSearchTrial<TGenotype> trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var t = trial.Trial;
        var r = t.Result;
        var genotype = t.Genotype.ToString()!;
        object?[] first = [trial.Repeat, trial.Seed, t.Number, genotype];
        object?[] rest = [r.Score, r.Reported, r.CostSeconds, t.ElapsedSeconds, t.BestScore, r.Failure];
        trials.WriteRow(encoding is null ? [.. first, .. rest] : [.. first, encoding(t.Genotype), .. rest]);
        trials.Flush();
        if (!trial.Replayed)
        {
            log?.Add(new SearchTrialEntry(trial.Repeat, trial.Seed, t.Number, genotype, r.Score, r.Reported, r.CostSeconds, trialClock.Elapsed.TotalSeconds, r.Failure));
        }

        trialClock.Restart();
        // Work is queries, or simulated seconds under a time budget; the ETA spans every repeat.
        var (done, per) = options.Budget is { } queries ? ((double)t.Number, queries) : (t.ElapsedSeconds, options.TimeBudget ?? 1);
        progress.Update((trial.Repeat * per) + done, options.Repeat * per, string.Create(CultureInfo.InvariantCulture, $"repeat {trial.Repeat + 1}/{options.Repeat}  trial {t.Number}  best {options.SearchMetric} {t.BestScore:F2}"));
    }

    public void RepeatFinished(int repeat, int seed, SearchResult<TGenotype> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        log?.Commit();
        var b = result.BestResult;
        repeats.WriteRow(repeat, seed, result.Best.ToString(), b.Score, b.Reported, result.Queries, result.ElapsedSeconds);
        repeats.Flush();
        var report = b.Reported is { } reported ? FormattableString.Invariant($"  {options.ReportMetric} {reported:F3}") : string.Empty;
        progress.Line(FormattableString.Invariant(
            $"repeat {repeat + 1,4}/{options.Repeat}  {options.SearchMetric} {b.Score:F3}{report}  {result.Queries} queries  {result.Best}"));
    }

    public void Dispose()
    {
        trials.Dispose();
        repeats.Dispose();
        GC.SuppressFinalize(this);
    }
}

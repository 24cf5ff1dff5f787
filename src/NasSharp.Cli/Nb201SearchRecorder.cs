using System.Diagnostics;
using System.Globalization;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces;
using NasSharp.Search.Strategies;
using NasSharp.Store;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// Records an NB201 repeated search: every trial to trials.csv (flushed per row, so a kill never leaves half a row) and,
/// unless replayed from the store, to the store; each repeat's choice to repeats.csv and one line of output; a progress
/// line with the ETA (live on a terminal, every 10 s otherwise). A resumed run rewrites both files from the start (replayed trials included).
/// </summary>
internal sealed class Nb201SearchRecorder : ISearchRecorder<Nb201Genotype>, IDisposable
{
    private static readonly string[] TrialColumns = ["repeat", "seed", "trial", "genotype", "op_indices", "search", "report", "cost_seconds", "elapsed_seconds", "best_search", "failure"];
    private static readonly string[] RepeatColumns = ["repeat", "seed", "genotype", "search", "report", "queries", "elapsed_seconds"];
    private readonly SearchOptions options;
    private readonly SearchTrialLog? log;
    private readonly TextWriter output;
    private readonly CsvTableWriter trials;
    private readonly CsvTableWriter repeats;
    private readonly ProgressReporter progress;
    private readonly Stopwatch trialClock = Stopwatch.StartNew();

    public Nb201SearchRecorder(SearchOptions options, RunDirectory run, SearchTrialLog? log, TextWriter output)
    {
        this.options = options;
        this.log = log;
        this.output = output;
        progress = new ProgressReporter(output, "search");
        trials = run.CreateCsv("trials.csv", TrialColumns);
        repeats = run.CreateCsv("repeats.csv", RepeatColumns);
    }

    public void TrialFinished(RepeatedSearchTrial<Nb201Genotype> trial)
    {
        var t = trial.Trial;
        var r = t.Result;
        trials.WriteRow(trial.Repeat, trial.Seed, t.Number, t.Genotype.ToString(), t.Genotype.ToOpIndices(), r.Score, r.Reported, r.CostSeconds, t.ElapsedSeconds, t.BestScore, r.Failure);
        trials.Flush();
        if (!trial.Replayed)
        {
            log?.Add(new SearchTrialEntry(trial.Repeat, trial.Seed, t.Number, t.Genotype.ToString(), r.Score, r.Reported, r.CostSeconds, trialClock.Elapsed.TotalSeconds, r.Failure));
        }

        trialClock.Restart();
        // Work is queries, or simulated seconds under a time budget; the ETA spans every repeat.
        var (done, per) = options.Budget is { } queries ? ((double)t.Number, queries) : (t.ElapsedSeconds, options.TimeBudget ?? 1);
        progress.Update((trial.Repeat * per) + done, options.Repeat * per, string.Create(CultureInfo.InvariantCulture, $"repeat {trial.Repeat + 1}/{options.Repeat}  trial {t.Number}  best {options.SearchMetric} {t.BestScore:F2}"));
    }

    public void RepeatFinished(int repeat, int seed, SearchResult<Nb201Genotype> result)
    {
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
    }
}

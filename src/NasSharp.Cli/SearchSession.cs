using NasSharp.Search.Pipelines;
using NasSharp.Store;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// Where a <c>nas search</c> records itself: its run directory (options.json, trials.csv, summary.json) and its study in
/// the experiment store (one study per run, named after the run directory), with the trials an interrupted run already
/// recorded when resuming.
/// </summary>
internal sealed class SearchSession : IDisposable
{
    /// <summary>The study kind of strategy searches.</summary>
    public const string StudyKind = "search";

    private static readonly System.Text.Json.JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };

    private bool completed;

    private SearchSession(RunDirectory run, IExperimentStore store, StudyRecord study, IReadOnlyList<SearchTrialEntry> recorded)
    {
        Run = run;
        Store = store;
        Study = study;
        Recorded = recorded;
    }

    public RunDirectory Run { get; }

    public IExperimentStore Store { get; }

    public StudyRecord Study { get; }

    /// <summary>The trials an interrupted run recorded (empty for a fresh run).</summary>
    public IReadOnlyList<SearchTrialEntry> Recorded { get; }

    /// <summary>A fresh session, or the resumed one of the run directory <paramref name="resume"/>.</summary>
    public static SearchSession Open(SearchOptions options, string? resume) => resume is null ? Start(options) : Resume(options, resume);

    /// <summary>Creates the run directory and its study, and writes options.json.</summary>
    public static SearchSession Start(SearchOptions options)
    {
        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", options);
        var store = Open(options);
        var name = Path.GetFileName(run.Path);
        var study = store.CreateOrOpenStudy(new StudySpec(name, StudyKind, OptionsJson(options), StoreCliOptions.CodeVersion, run.Path));
        if (study.RunDirectory != run.Path || store.Trials(study.Id).Count > 0)
        {
            store.Dispose();
            throw new ArgumentException($"study '{name}' in {store.Description} belongs to another run ({study.RunDirectory}); choose another --name");
        }

        CliTermination.ResumeWith($"nas search --resume {run.Path}");
        return new SearchSession(run, store, study, []);
    }

    /// <summary>
    /// Reopens the run directory at <paramref name="path"/> and its study, with the trials recorded so far. A run killed
    /// before its study was created (or started by a version that recorded none) gets its study now, with nothing to replay.
    /// </summary>
    public static SearchSession Resume(SearchOptions options, string path)
    {
        var store = Open(options);
        var name = Path.GetFileName(Path.GetFullPath(path));
        var study = store.FindStudy(name) ?? store.CreateOrOpenStudy(new StudySpec(name, StudyKind, OptionsJson(options), StoreCliOptions.CodeVersion, Path.GetFullPath(path)));
        if (study.Kind != StudyKind)
        {
            store.Dispose();
            throw new ArgumentException($"--resume {path}: no search study '{name}' in {store.Description} (a '{study.Kind}' study has that name)");
        }

        var run = RunDirectory.Open(path);
        store.SetStudyStatus(study.Id, StudyStatus.Running);
        CliTermination.ResumeWith($"nas search --resume {run.Path}");
        return new SearchSession(run, store, study, SearchTrialLog.Read(store, study.Id));
    }

    /// <summary>The recorded trials as a replay for <see cref="RepeatedSearch{TGenotype}"/>.</summary>
    public SearchReplay Replay() => new(Recorded.GroupBy(e => e.Repeat).ToDictionary(
        g => g.Key,
        g => (IReadOnlyList<RecordedEvaluation>)g.OrderBy(e => e.Trial).Select(e => new RecordedEvaluation(e.Genotype, e.Failure is { } f
            ? Search.Evaluation.EvaluationResult.FailedWith(f)
            : new Search.Evaluation.EvaluationResult(e.Score ?? double.NaN, e.Reported, e.CostSeconds))).ToList()));

    /// <summary>Marks the run and its study complete.</summary>
    public void Complete()
    {
        Store.SetStudyStatus(Study.Id, StudyStatus.Complete);
        Run.Complete();
        completed = true;
    }

    /// <summary>
    /// Closes the store. A session that did not complete marks its study interrupted (a signal stopped it: the invocation
    /// then records the run directory as interrupted, with the command that resumes it) or failed, and the run failed.
    /// </summary>
    public void Dispose()
    {
        if (!completed)
        {
            var interrupted = CliTermination.Token.IsCancellationRequested;
            try
            {
                Store.SetStudyStatus(Study.Id, interrupted ? StudyStatus.Interrupted : StudyStatus.Failed);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                // Best effort: the store that failed the run may refuse this write too; the study then stays running.
            }

            if (!interrupted)
            {
                Run.Dispose();
            }
        }

        Store.Dispose();
    }

    /// <summary>The store of --store or $NASSHARP_STORE, else <c>nas.db</c> beside the run directories.</summary>
    public static IExperimentStore Open(SearchOptions options) =>
        StoreCliOptions.Open(options.Store ?? (Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable) is { Length: > 0 } ? null : Path.Combine(options.Out, "nas.db")));

    private static string OptionsJson(SearchOptions options) => System.Text.Json.JsonSerializer.Serialize(options, SnakeCase);
}

using System.Globalization;
using System.Text.Json;

namespace NasSharp.Store.Experiments;

/// <summary>
/// Records a repeated search's trials in its study, each a store trial of kind <see cref="Kind"/> whose payload names the
/// repeat, seed and trial number. A slow evaluator commits every trial as it finishes (<see cref="SearchCommitPolicy.PerTrial"/>);
/// a table search, thousands of trials a second, buffers a repeat and commits it in one transaction at the repeat's end
/// (<see cref="SearchCommitPolicy.PerRepeat"/>), so a kill loses at most the repeat in progress, never half a row.
/// </summary>
public sealed class SearchTrialLog(IExperimentStore store, long studyId, SearchCommitPolicy policy)
{
    /// <summary>The trial kind of search trials.</summary>
    public const string Kind = "search";

    private readonly List<CompletedTrial> pending = [];

    /// <summary>Records (or buffers) one finished trial.</summary>
    public void Add(SearchTrialEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        pending.Add(ToTrial(entry));
        if (policy == SearchCommitPolicy.PerTrial)
        {
            Commit();
        }
    }

    /// <summary>Commits what is buffered, in one transaction (the end of a repeat).</summary>
    public void Commit()
    {
        if (pending.Count > 0)
        {
            store.AddCompleteTrials(studyId, pending);
            pending.Clear();
        }
    }

    /// <summary>Every search trial recorded in the study, in the order they were recorded.</summary>
    public static IReadOnlyList<SearchTrialEntry> Read(IExperimentStore store, long studyId)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Trials(studyId).Where(t => t.Kind == Kind && t.State is TrialState.Complete or TrialState.Failed).Select(FromRecord).ToList();
    }

    private static CompletedTrial ToTrial(SearchTrialEntry e)
    {
        var metrics = new Dictionary<string, double>();
        Put(metrics, "search", e.Score);
        Put(metrics, "report", e.Reported);
        Put(metrics, "cost_seconds", e.CostSeconds);
        var payload = JsonSerializer.Serialize(new Dictionary<string, int> { ["repeat"] = e.Repeat, ["seed"] = e.Seed, ["trial"] = e.Trial });
        return new CompletedTrial(Kind, e.Genotype, payload, new TrialResult(metrics) { WallSeconds = e.WallSeconds }) { Error = e.Failure };
    }

    private static SearchTrialEntry FromRecord(TrialRecord t)
    {
        var payload = JsonSerializer.Deserialize<Dictionary<string, int>>(t.PayloadJson)
            ?? throw new InvalidDataException($"search trial {t.Number} of study {t.StudyId} has no payload");
        var metrics = t.Result?.Metrics ?? new Dictionary<string, double>();
        return new SearchTrialEntry(payload["repeat"], payload["seed"], payload["trial"], t.Genotype,
            Get(metrics, "search"), Get(metrics, "report"), Get(metrics, "cost_seconds"), t.Result?.WallSeconds ?? 0, t.State == TrialState.Failed ? t.Error ?? "failed" : null);
    }

    // A failed trial has no finite score: it is left out, not written as -Infinity.
    private static void Put(Dictionary<string, double> metrics, string key, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            metrics[key] = v;
        }
    }

    private static double? Get(IReadOnlyDictionary<string, double> metrics, string key) => metrics.TryGetValue(key, out var v) ? v : null;

    /// <summary>For messages.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"search trials of study {studyId} in {store.Description}");
}

using System.Text.Json;

namespace NasSharp.Store.Experiments;

/// <summary>
/// The numbers that matter about one run (study): trials per state, the objective and the best complete trial by it,
/// and the compute spent (sum of trial wall times). The objective is the study options' <c>objective</c> key when
/// set, else <c>test_accuracy</c> when trials report it, else the first metric of the first complete trial; it is
/// maximized unless its name says loss, error or perplexity.
/// </summary>
public sealed record RunSummary(StudyRecord Study, IReadOnlyDictionary<TrialState, int> Counts, string? Objective, bool Minimize, TrialRecord? Best, double WallSeconds)
{
    /// <summary>All trials of the study.</summary>
    public int TrialCount => Counts.Values.Sum();

    /// <summary>The best trial's objective value, or null.</summary>
    public double? BestValue => Best is null || Objective is null ? null : Best.Result!.Metrics[Objective];

    public static RunSummary Of(StudyRecord study, IReadOnlyList<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trials);
        var counts = Enum.GetValues<TrialState>().ToDictionary(s => s, s => trials.Count(t => t.State == s));
        var complete = trials.Where(t => t.State == TrialState.Complete && t.Result is not null).ToList();
        var objective = Configured(study.OptionsJson)
            ?? (complete.Any(t => t.Result!.Metrics.ContainsKey("test_accuracy")) ? "test_accuracy" : complete.FirstOrDefault()?.Result!.Metrics.Keys.FirstOrDefault());
        var minimize = objective is not null && (objective.Contains("loss", StringComparison.OrdinalIgnoreCase)
            || objective.Contains("error", StringComparison.OrdinalIgnoreCase) || objective.Contains("perplexity", StringComparison.OrdinalIgnoreCase));
        var scored = objective is null ? [] : complete.Where(t => t.Result!.Metrics.TryGetValue(objective, out var v) && !double.IsNaN(v)).ToList();
        var best = scored.Count == 0 ? null
            : minimize ? scored.MinBy(t => t.Result!.Metrics[objective!]) : scored.MaxBy(t => t.Result!.Metrics[objective!]);
        return new RunSummary(study, counts, objective, minimize, best, complete.Sum(t => t.Result!.WallSeconds));
    }

    private static string? Configured(string optionsJson)
    {
        try
        {
            using var document = JsonDocument.Parse(optionsJson);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("objective", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasSharp.Store.Experiments;

/// <summary>
/// How values are written into store columns: states as lower-case names, times as Unix milliseconds, metrics and
/// epochs as JSON objects (NaN allowed as a named literal: a metric that was not measured).
/// </summary>
internal static class StoreText
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Of(TrialState state) => state.ToString().ToLowerInvariant();

    public static string Of(StudyStatus status) => status.ToString().ToLowerInvariant();

    public static TrialState TrialState(string text) => Enum.Parse<TrialState>(text, ignoreCase: true);

    public static StudyStatus StudyStatus(string text) => Enum.Parse<StudyStatus>(text, ignoreCase: true);

    public static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static string Metrics(IReadOnlyDictionary<string, double> metrics) => JsonSerializer.Serialize(metrics, Json);

    public static string Epochs(IReadOnlyList<IReadOnlyDictionary<string, double>> epochs) => JsonSerializer.Serialize(epochs, Json);

    public static string Artifacts(IReadOnlyList<string> paths) => JsonSerializer.Serialize(paths, Json);

    public static TrialResult Result(string metrics, string? epochs, double wallSeconds, string? artifacts) =>
        new(JsonSerializer.Deserialize<Dictionary<string, double>>(metrics, Json) ?? [])
        {
            Epochs = epochs is null ? [] : JsonSerializer.Deserialize<List<Dictionary<string, double>>>(epochs, Json)?.Cast<IReadOnlyDictionary<string, double>>().ToList() ?? [],
            WallSeconds = wallSeconds,
            Artifacts = artifacts is null ? [] : JsonSerializer.Deserialize<List<string>>(artifacts, Json) ?? [],
        };
}

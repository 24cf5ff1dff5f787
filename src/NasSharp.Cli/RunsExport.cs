using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary><c>nas runs export</c>: a run's trials as CSV (one row per trial, metrics as columns) or JSON (snake_case).</summary>
internal static class RunsExport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static readonly string[] Leading = ["number", "state", "attempt", "worker_id", "kind", "genotype"];
    private static readonly string[] Trailing = ["wall_seconds", "started", "finished", "error"];

    public static void Csv(TextWriter writer, IReadOnlyList<TrialRecord> trials)
    {
        var metrics = trials.Where(t => t.Result is not null).SelectMany(t => t.Result!.Metrics.Keys).Distinct().ToList();
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteRecord([.. Leading, .. metrics, .. Trailing]);
        foreach (var t in trials)
        {
            csv.WriteRecord([
                t.Number.ToString(CultureInfo.InvariantCulture), t.State.ToString().ToLowerInvariant(), t.Attempt.ToString(CultureInfo.InvariantCulture),
                t.WorkerId ?? string.Empty, t.Kind, t.Genotype,
                .. metrics.Select(m => t.Result?.Metrics.TryGetValue(m, out var v) == true ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty),
                t.Result?.WallSeconds.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
                t.Started?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                t.Finished?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                t.Error ?? string.Empty]);
        }

        csv.Flush();
    }

    public static void Json(TextWriter writer, RunSummary summary, IReadOnlyList<TrialRecord> trials)
    {
        var study = summary.Study;
        var document = new
        {
            Name = study.Name,
            Kind = study.Kind,
            Status = study.Status,
            CodeVersion = study.CodeVersion,
            RunDirectory = study.RunDirectory,
            Created = study.Created,
            Updated = study.Updated,
            Options = JsonDocument.Parse(study.OptionsJson).RootElement,
            Objective = summary.Objective,
            BestGenotype = summary.Best?.Genotype,
            BestValue = summary.BestValue,
            WallSeconds = summary.WallSeconds,
            Trials = trials.Select(t => new
            {
                t.Number, t.State, t.Attempt, t.WorkerId, t.Kind, t.Genotype,
                Payload = JsonDocument.Parse(t.PayloadJson).RootElement,
                Metrics = t.Result?.Metrics, Epochs = t.Result?.Epochs, WallSeconds = t.Result?.WallSeconds, Artifacts = t.Result?.Artifacts,
                t.Created, t.Started, t.Finished, t.Error,
            }),
        };
        writer.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
    }
}

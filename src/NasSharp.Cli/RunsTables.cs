using System.Globalization;
using NasSharp.Store.Experiments;
using Spectre.Console;

namespace NasSharp.Cli;

/// <summary>The terminal tables of <c>nas runs</c> (Spectre.Console; plain text when the output is not a terminal).</summary>
internal static class RunsTables
{
    public static void Summaries(TextWriter writer, IReadOnlyList<RunSummary> runs)
    {
        var table = new Table().AddColumns("run", "kind", "status", "trials", "objective", "best", "best genotype", "compute s", "updated (UTC)");
        foreach (var run in runs)
        {
            table.AddRow(Cells(run.Study.Name, run.Study.Kind, Status(run), Trials(run), run.Objective ?? "-", Value(run.BestValue),
                run.Best?.Genotype ?? "-", Number(run.WallSeconds, "0.#"), run.Study.Updated.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
        }

        Console(writer).Write(table);
    }

    public static void Detail(TextWriter writer, RunSummary run, IReadOnlyList<TrialRecord> trials)
    {
        var console = Console(writer);
        var study = run.Study;
        var facts = new Grid().AddColumn().AddColumn();
        foreach (var (key, value) in new[]
        {
            ("run", study.Name), ("kind", study.Kind), ("status", Status(run)), ("trials", Trials(run)),
            ("objective", run.Objective is null ? "-" : $"{run.Objective} ({(run.Minimize ? "min" : "max")})"),
            ("best", run.Best is null ? "-" : $"{Value(run.BestValue)}  #{run.Best.Number}  {run.Best.Genotype}"),
            ("compute", $"{Number(run.WallSeconds, "0.#")} s"), ("created", $"{study.Created.UtcDateTime:u}"), ("updated", $"{study.Updated.UtcDateTime:u}"),
            ("directory", study.RunDirectory ?? "-"), ("code", study.CodeVersion), ("options", study.OptionsJson),
        })
        {
            facts.AddRow(Cells(key, value));
        }

        console.Write(facts);
        var metrics = trials.Where(t => t.Result is not null).SelectMany(t => t.Result!.Metrics.Keys).Distinct().ToList();
        var table = new Table().AddColumns(["#", "state", "attempt", "worker", "genotype", .. metrics, "wall s"]);
        foreach (var t in trials)
        {
            table.AddRow(Cells([t.Number.ToString(CultureInfo.InvariantCulture), StoreState(t), t.Attempt.ToString(CultureInfo.InvariantCulture), t.WorkerId ?? "-", t.Genotype,
                .. metrics.Select(m => t.Result?.Metrics.TryGetValue(m, out var v) == true ? Value(v) : "-"), t.Result is null ? "-" : Number(t.Result.WallSeconds, "0.#")]));
        }

        console.Write(table);
    }

    public static void Comparison(TextWriter writer, IReadOnlyList<RunSummary> runs)
    {
        var metrics = runs.Where(r => r.Best is not null).SelectMany(r => r.Best!.Result!.Metrics.Keys).Distinct().ToList();
        var table = new Table().AddColumn("");
        foreach (var run in runs)
        {
            table.AddColumn(Markup.Escape(run.Study.Name));
        }

        void Row(string label, Func<RunSummary, string> value) => table.AddRow(Cells([label, .. runs.Select(value)]));
        Row("kind", r => r.Study.Kind);
        Row("status", Status);
        Row("trials", Trials);
        Row("objective", r => r.Objective ?? "-");
        Row("best genotype", r => r.Best?.Genotype ?? "-");
        foreach (var metric in metrics)
        {
            Row(metric, r => r.Best?.Result!.Metrics.TryGetValue(metric, out var v) == true ? Value(v) : "-");
        }

        Row("compute s", r => Number(r.WallSeconds, "0.#"));
        Row("elapsed s", r => Number((r.Study.Updated - r.Study.Created).TotalSeconds, "0.#"));
        Console(writer).Write(table);
    }

    private static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.No });

        // Off a terminal there is no width to detect; genotype strings need room.
        console.Profile.Width = System.Console.IsOutputRedirected || writer != System.Console.Out ? 240 : Math.Max(80, System.Console.WindowWidth);
        return console;
    }

    private static Text[] Cells(params string[] values) => values.Select(v => new Text(v)).ToArray();

    private static string Status(RunSummary run) => run.Study.Status.ToString().ToLowerInvariant();

    private static string StoreState(TrialRecord t) => t.State.ToString().ToLowerInvariant();

    private static string Trials(RunSummary run) =>
        $"{run.Counts[TrialState.Complete]}/{run.TrialCount}" + (run.Counts[TrialState.Failed] > 0 ? $" ({run.Counts[TrialState.Failed]} failed)" : string.Empty);

    private static string Value(double? value) => value is { } v ? Number(v, "0.###") : "-";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

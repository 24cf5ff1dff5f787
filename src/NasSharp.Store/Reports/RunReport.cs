using System.Globalization;
using System.Text;

namespace NasSharp.Store.Reports;

/// <summary>
/// <c>nas report</c>'s page: one self-contained HTML file (styles inline, charts as inline SVG, no script and no
/// network access) showing what one or more run directories hold: summaries and options as tables, search progress,
/// trials against cost, training curves, supernet training, the architecture distribution of differentiable searches,
/// a ranking scatter plot, and, for several runs, their summaries and search progress side by side. Files the report
/// does not know, or cannot read, are listed in a note on the page instead of stopping it.
/// </summary>
public static class RunReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#222;background:#fafafa}
        h1{font-size:1.5rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}h3{font-size:1.05rem}
        .runs{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1.5rem}
        section{background:white;border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin-bottom:1.5rem;min-width:0}
        .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.75rem}
        .charts svg{width:100%;max-width:560px;height:auto}
        table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem;display:block;overflow-x:auto;max-width:100%}
        caption{text-align:left;font-weight:bold;padding:.25rem 0}
        th,td{border:1px solid #ddd;padding:.15rem .45rem;text-align:left;vertical-align:top}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .kv th{background:#f3f3f3;font-weight:normal}.path{color:#666;font-size:.85rem;word-break:break-all}
        .notes{background:#fff8e1;border-left:4px solid #E69F00;padding:.4rem 1.5rem}
        """;

    private static readonly string[] CurveFiles = ["metrics.csv", "epochs.csv"];

    /// <summary>The HTML page for <paramref name="runDirectories"/> (and <paramref name="ranking"/>, when given).</summary>
    public static string Render(IReadOnlyList<string> runDirectories, ReportRanking? ranking = null, DateTimeOffset? generated = null)
    {
        ArgumentNullException.ThrowIfNull(runDirectories);
        if (runDirectories.Count == 0 && ranking == null)
        {
            throw new ArgumentException("RunReport: give at least one run directory or a ranking.", nameof(runDirectories));
        }

        var runs = runDirectories.Select(RunFolder.Load).ToList();
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>NasSharp report</title><style>").Append(Style).Append("</style></head><body>\n");
        var when = (generated ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        html.Append(ReportFormat.Invariant($"<h1>NasSharp report</h1><p>{runs.Count} run(s), generated {when}. Hover a point for its value.</p>\n"));
        if (ranking != null)
        {
            AppendRanking(html, ranking);
        }

        if (runs.Count > 1)
        {
            AppendComparison(html, runs);
        }

        html.Append("<div class=\"runs\">\n");
        for (var i = 0; i < runs.Count; i++)
        {
            AppendRun(html, runs[i], i + 1);
        }

        return html.Append("</div>\n</body></html>\n").ToString();
    }

    /// <summary>Renders and writes the page to <paramref name="path"/> (through a temporary file, so a reader never sees half a page).</summary>
    public static void Write(string path, IReadOnlyList<string> runDirectories, ReportRanking? ranking = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = Render(runDirectories, ranking);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    private static void AppendRanking(StringBuilder html, ReportRanking ranking)
    {
        html.Append("<section id=\"ranking\"><h2>Ranking</h2>");
        html.Append(HtmlTables.KeyValues(ranking.Statistics, ReportFormat.Invariant($"Agreement over {ranking.Architectures.Count} architectures")));
        var chart = ranking.Chart() with { Diagonal = true };
        html.Append("<div class=\"charts\">").Append(chart.Render()).Append("</div></section>\n");
    }

    private static void AppendComparison(StringBuilder html, List<RunFolder> runs)
    {
        html.Append("<section id=\"comparison\"><h2>Runs side by side</h2>").Append(HtmlTables.SideBySide(runs));
        var progress = runs
            .Where(r => r.Table("trials.csv") is { Rows.Count: > 0 })
            .Select(r => SearchCharts.BestSoFar(r.Table("trials.csv")!, r.Name + ": "))
            .Where(c => c.Count > 0)
            .Select(c => c[0])
            .ToList();
        if (progress.Count > 0)
        {
            html.Append("<div class=\"charts\">").Append(new ReportChart("Search progress of each run (first repeat or mean)", "trials", "best search score so far", progress).Render()).Append("</div>");
        }

        html.Append("</section>\n");
    }

    private static void AppendRun(StringBuilder html, RunFolder run, int index)
    {
        html.Append(ReportFormat.Invariant($"<section class=\"run\" id=\"run-{index}\"><h2>{ReportFormat.Escape(run.Name)}</h2><p class=\"path\">{ReportFormat.Escape(run.Path)}</p>"));
        var charts = SearchCharts.All(run)
            .Concat(CurveFiles.Select(run.Table).OfType<ReportTable>().SelectMany(TrainingCharts.Curves))
            .Concat(TrainingCharts.Supernets(run))
            .Where(c => c.PointCount > 0)
            .ToList();
        var architecture = ArchitectureCharts.All(run);
        AppendTables(html, run);
        if (charts.Count > 0)
        {
            html.Append("<h3>Charts</h3><div class=\"charts\">").AppendJoin(string.Empty, charts.Select(c => c.Render())).Append("</div>");
        }

        foreach (var (part, list) in architecture)
        {
            html.Append("<h3>Architecture weights").Append(part.Length > 0 ? $" ({ReportFormat.Escape(part)})" : string.Empty).Append("</h3><div class=\"charts\">");
            html.AppendJoin(string.Empty, list.Select(c => c.Render())).Append("</div>");
        }

        if (run.Notes.Count > 0)
        {
            html.Append("<ul class=\"notes\">").AppendJoin(string.Empty, run.Notes.Select(n => $"<li>{ReportFormat.Escape(n)}</li>")).Append("</ul>");
        }

        html.Append("</section>\n");
    }

    private static void AppendTables(StringBuilder html, RunFolder run)
    {
        foreach (var (file, caption) in new[] { ("summary.json", "Summary"), ("model.json", "Model card") })
        {
            if (run.Documents.TryGetValue(file, out var pairs))
            {
                html.Append(HtmlTables.KeyValues(pairs, $"{caption} ({file})"));
            }
        }

        if (run.Table("repeats.csv") is { Rows.Count: > 0 } repeats)
        {
            html.Append(HtmlTables.Rows(repeats, repeats.Rows, "Repeats (repeats.csv)"));
        }

        if (run.Table("trials.csv") is { Rows.Count: > 0 } trials && trials.Find(ReportKeys.SearchScore) is >= 0 and var score)
        {
            var best = trials.Rows.Where(r => double.IsFinite(trials.Number(r, score))).OrderByDescending(r => trials.Number(r, score)).ToList();
            html.Append(HtmlTables.Rows(trials, best, "Best trials (trials.csv, by search score)", maxRows: 10));
        }

        if (run.Documents.TryGetValue("options.json", out var options))
        {
            html.Append("<details><summary>Options (options.json)</summary>").Append(HtmlTables.KeyValues(options, "Options")).Append("</details>");
        }
    }
}

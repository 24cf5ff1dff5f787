using System.Text;

namespace NasSharp.Store.Reports;

/// <summary>HTML tables of the report: key/value lists (a JSON document), CSV excerpts, and the runs-side-by-side grid.</summary>
internal static class HtmlTables
{
    public static string KeyValues(IReadOnlyList<KeyValuePair<string, string>> pairs, string caption)
    {
        var html = new StringBuilder();
        html.Append("<table class=\"kv\"><caption>").Append(E(caption)).Append("</caption><tbody>");
        foreach (var (key, value) in pairs)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>A CSV table, or its first <paramref name="maxRows"/> rows of <paramref name="rows"/> with a note of how many were left out.</summary>
    public static string Rows(ReportTable table, IEnumerable<string[]> rows, string caption, int maxRows = 50)
    {
        var list = rows.ToList();
        var html = new StringBuilder();
        var shown = Math.Min(list.Count, maxRows);
        var more = list.Count > shown ? ReportFormat.Invariant($" (first {shown} of {list.Count})") : string.Empty;
        html.Append("<table><caption>").Append(E(caption + more)).Append("</caption><thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th scope=\"col\">").Append(E(column)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in list.Take(shown))
        {
            html.Append("<tr>");
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var number = table.Number(row, c);
                html.Append(double.IsFinite(number) ? "<td class=\"num\">" : "<td>").Append(E(double.IsFinite(number) ? ReportFormat.Number(number) : table.Text(row, c))).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>One row per summary key (matched across naming styles), one column per run; a run without the key shows a dash.</summary>
    public static string SideBySide(IReadOnlyList<RunFolder> runs)
    {
        var keys = new List<(string Normalized, string Label)>();
        foreach (var pair in runs.SelectMany(r => r.Summary ?? []))
        {
            var normalized = ReportKeys.Normalize(pair.Key);
            if (!keys.Exists(k => k.Normalized == normalized))
            {
                keys.Add((normalized, pair.Key));
            }
        }

        var html = new StringBuilder("<table class=\"compare\"><caption>Summaries side by side</caption><thead><tr><th scope=\"col\">key</th>");
        foreach (var run in runs)
        {
            html.Append("<th scope=\"col\">").Append(E(run.Name)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var (normalized, label) in keys)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(label)).Append("</th>");
            foreach (var run in runs)
            {
                var value = run.Summary?.FirstOrDefault(p => ReportKeys.Normalize(p.Key) == normalized).Value;
                html.Append("<td>").Append(E(value ?? "-")).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private static string E(string text) => ReportFormat.Escape(text);
}

namespace NasSharp.Store.Reports;

/// <summary>
/// The architecture distribution of a differentiable search over the epochs, from <c>architecture.csv</c>: one chart per
/// edge (or choice row) with one line per operation, its softmax weight against the epoch. The y axis fits the weights
/// inside [0, 1] (DARTS weights that stay between 0.19 and 0.21 would otherwise be one flat line), and each operation
/// keeps its colour in every chart (<see cref="SeriesPalette"/>). Both layouts are read: NAS-Bench-201 edges
/// (part, epoch, edge, edge_nodes, op, probability) and choice rows (epoch, group, row, row_name, choice, probability).
/// </summary>
internal static class ArchitectureCharts
{
    public static List<(string Part, List<ReportChart> Charts)> All(RunFolder run)
    {
        if (run.Table("architecture.csv") is not { Rows.Count: > 0 } table)
        {
            return [];
        }

        var (epoch, op, probability) = (table.Find(ReportKeys.Epoch), table.Find(ReportKeys.Operation), table.Find(ReportKeys.Probability));
        if (epoch < 0 || op < 0 || !table.IsNumeric(probability))
        {
            run.Notes.Add("Skipped architecture.csv: it has no epoch, op/choice and probability columns.");
            return [];
        }

        var (part, edge, group) = (table.Find(ReportKeys.Part), table.Find(ReportKeys.Edge), table.Find(ReportKeys.Group));
        var parts = new List<(string, List<ReportChart>)>();
        foreach (var byPart in table.Rows.GroupBy(r => table.Text(r, part)))
        {
            var charts = byPart
                .GroupBy(r => (Group: table.Text(r, group), Edge: table.Text(r, edge)))
                .Select(rows => new ReportChart(
                    EdgeTitle(rows.Key.Group, rows.Key.Edge, table, edge),
                    "epoch",
                    "softmax weight",
                    [.. rows.GroupBy(r => table.Text(r, op)).Select(o => new PlotSeries(o.Key, o.Select(r => table.Number(r, epoch)).ToArray(), o.Select(r => table.Number(r, probability)).ToArray()))])
                {
                    YLower = 0,
                    YUpper = 1,
                })
                .ToList();
            parts.Add((byPart.Key, charts));
        }

        return parts;
    }

    private static string EdgeTitle(string group, string edge, ReportTable table, int edgeColumn)
    {
        var name = (edgeColumn >= 0 ? ReportKeys.Snake(table.Columns[edgeColumn]) : string.Empty) switch
        {
            "edge_nodes" => $"edge {edge}",
            "edge" or "row" => $"{table.Columns[edgeColumn]} {edge}",
            _ => edge,
        };
        // Row names already tell the groups apart (DARTS: "normal node 2 <- 0", "reduce node 2 <- 0").
        var named = edgeColumn >= 0 && ReportKeys.Snake(table.Columns[edgeColumn]) == "row_name";
        return group.Length > 0 && !named ? $"group {group}: {name}" : name;
    }
}

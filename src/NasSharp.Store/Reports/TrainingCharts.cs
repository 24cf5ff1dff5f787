namespace NasSharp.Store.Reports;

/// <summary>
/// Training curves: every per-epoch metric of <c>metrics.csv</c> (stand-alone training) or <c>epochs.csv</c>
/// (differentiable search), one chart per metric family (loss, accuracy, perplexity...) with one line per split
/// (train, valid, test), and the loss and accuracy of every supernet trained under the run (its <c>state.json</c>).
/// </summary>
internal static class TrainingCharts
{
    // Per-epoch columns that are bookkeeping, not curves worth a chart.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "epoch", "part", "child", "seconds", "elapsed_seconds", "wall_seconds", "images_per_second", "tokens_per_second", "lr", "learning_rate",
        "temperature", "flops", "skip_connections", "genotype", "architecture", "arch", "step", "steps",
    };

    private static readonly string[] Splits = ["train", "valid", "validation", "test"];

    public static IEnumerable<ReportChart> Curves(ReportTable table)
    {
        var epoch = table.Find(ReportKeys.Epoch);
        var (part, child) = (table.Find(ReportKeys.Part), table.Find("child"));
        var multiPart = part >= 0 && table.Rows.Select(r => table.Text(r, part)).Distinct().Count() > 1;
        var families = new Dictionary<string, List<(int Column, string Split)>>(StringComparer.Ordinal);
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var snake = ReportKeys.Snake(table.Columns[c]);
            if (!Skipped.Contains(snake) && table.IsNumeric(c))
            {
                var (split, family) = SplitName(snake);
                (families.TryGetValue(family, out var list) ? list : families[family] = []).Add((c, split));
            }
        }

        foreach (var (family, columns) in families)
        {
            var series = new List<PlotSeries>();
            foreach (var group in table.Rows.GroupBy(r => (Part: multiPart ? table.Text(r, part) : string.Empty, Child: table.Text(r, child) is "1" or "true" or "True")))
            {
                var rows = group.ToList();
                var x = rows.Select((r, i) => epoch >= 0 ? table.Number(r, epoch) : i + 1).ToArray();
                var prefix = (group.Key.Part.Length > 0 ? group.Key.Part + " " : string.Empty) + (group.Key.Child ? "child " : string.Empty);
                series.AddRange(columns.Select(c => new PlotSeries((prefix + c.Split).Trim(), x, rows.Select(r => table.Number(r, c.Column)).ToArray())));
            }

            yield return new ReportChart($"{Title(family)} ({table.Name})", "epoch", family.Replace('_', ' '), series.Where(s => s.FinitePoints > 0).ToList());
        }
    }

    public static IEnumerable<ReportChart> Supernets(RunFolder run)
    {
        if (run.Supernets.Count == 0)
        {
            yield break;
        }

        yield return new ReportChart("Supernet training loss", "epoch", "training loss", [.. run.Supernets.Select(s => Series(s.Node, s.History, h => h.Loss))]);
        yield return new ReportChart("Supernet training accuracy", "epoch", "training accuracy (%)", [.. run.Supernets.Select(s => Series(s.Node, s.History, h => h.Accuracy))]);
    }

    private static PlotSeries Series(string node, List<(double Epoch, double Loss, double Accuracy)> history, Func<(double Epoch, double Loss, double Accuracy), double> value) =>
        new(node, history.Select(h => h.Epoch).ToArray(), history.Select(value).ToArray());

    /// <summary><c>train_loss</c> gives (train, loss); <c>valid_accuracy</c> (valid, accuracy); <c>perplexity</c> (value, perplexity).</summary>
    private static (string Split, string Family) SplitName(string snake)
    {
        foreach (var split in Splits)
        {
            if (snake.StartsWith(split + "_", StringComparison.Ordinal))
            {
                return (split, snake[(split.Length + 1)..]);
            }
        }

        return ("value", snake);
    }

    private static string Title(string family) => family.Length == 0 ? family : char.ToUpperInvariant(family[0]) + family[1..].Replace('_', ' ');
}

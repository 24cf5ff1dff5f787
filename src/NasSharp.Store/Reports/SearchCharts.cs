namespace NasSharp.Store.Reports;

/// <summary>
/// Charts of a discrete search's <c>trials.csv</c>: the best score so far against the number of trials (one line per
/// repeat, or the mean, best and worst repeat when there are many), the searched score against the reported one, and
/// accuracy against FLOPs and parameters when the trials record them.
/// </summary>
internal static class SearchCharts
{
    private const int MaxRepeatLines = 6;

    public static IEnumerable<ReportChart> All(RunFolder run)
    {
        if (run.Table("trials.csv") is not { Rows.Count: > 0 } trials)
        {
            yield break;
        }

        if (Progress(trials, run) is { } progress)
        {
            yield return progress;
        }

        var (search, report) = (trials.Find(ReportKeys.SearchScore), trials.Find(ReportKeys.ReportScore));
        if (trials.IsNumeric(search) && trials.IsNumeric(report))
        {
            yield return Scatter(trials, search, report, "Trials: searched vs reported score");
        }

        var accuracy = trials.IsNumeric(report) ? report : search;
        foreach (var cost in new[] { trials.Find(ReportKeys.Flops), trials.Find(ReportKeys.Params) })
        {
            if (trials.IsNumeric(cost) && trials.IsNumeric(accuracy))
            {
                yield return Scatter(trials, cost, accuracy, $"Trials: {trials.Columns[accuracy]} vs {trials.Columns[cost]}");
            }
        }
    }

    /// <summary>The best-so-far curves of every repeat, as (name, trial numbers, best scores); used alone and in the comparison of runs.</summary>
    public static List<PlotSeries> BestSoFar(ReportTable trials, string prefix = "")
    {
        var (trial, score, best, repeat) = (trials.Find(ReportKeys.Trial), trials.Find(ReportKeys.SearchScore), trials.Find(ReportKeys.BestSoFar), trials.Find(ReportKeys.Repeat));
        if (!trials.IsNumeric(best) && !trials.IsNumeric(score))
        {
            return [];
        }

        var curves = new List<PlotSeries>();
        foreach (var group in trials.Rows.GroupBy(r => trials.Text(r, repeat)))
        {
            var rows = group.ToList();
            var x = rows.Select((r, i) => trials.IsNumeric(trial) ? trials.Number(r, trial) : i + 1).ToArray();
            var y = trials.IsNumeric(best) ? rows.Select(r => trials.Number(r, best)).ToArray() : RunningMax(rows.Select(r => trials.Number(r, score)));
            curves.Add(new PlotSeries($"{prefix}repeat {(repeat >= 0 ? group.Key : "0")}", x, y));
        }

        return curves.Count <= MaxRepeatLines ? curves : Envelope(curves, prefix);
    }

    private static ReportChart? Progress(ReportTable trials, RunFolder run)
    {
        var curves = BestSoFar(trials);
        var metric = run.Documents.TryGetValue("options.json", out var options) ? ReportJson.Find(options, "search_metric") : null;
        return curves.Count == 0 ? null : new ReportChart("Search progress", "trials", $"best {metric ?? "score"} so far", curves);
    }

    private static ReportChart Scatter(ReportTable trials, int x, int y, string title)
    {
        var genotype = trials.Find(ReportKeys.Genotype);
        var rows = trials.Rows;
        var labels = rows.Select(r => $"{trials.Text(r, genotype)}: {trials.Columns[x]} {trials.Text(r, x)}, {trials.Columns[y]} {trials.Text(r, y)}").ToArray();
        var series = new PlotSeries("trials", rows.Select(r => trials.Number(r, x)).ToArray(), rows.Select(r => trials.Number(r, y)).ToArray(), labels);
        return new ReportChart(title, trials.Columns[x], trials.Columns[y], [series], Scatter: true);
    }

    private static double[] RunningMax(IEnumerable<double> values)
    {
        var best = double.NegativeInfinity;
        return values.Select(v => double.IsFinite(v) ? best = Math.Max(best, v) : double.IsFinite(best) ? best : double.NaN).ToArray();
    }

    /// <summary>Many repeats: the mean best-so-far at each trial number, and the lowest and highest repeat there.</summary>
    private static List<PlotSeries> Envelope(List<PlotSeries> curves, string prefix)
    {
        var byTrial = curves.SelectMany(c => c.X.Zip(c.Y)).Where(p => double.IsFinite(p.Second)).GroupBy(p => p.First).OrderBy(g => g.Key).ToList();
        var x = byTrial.Select(g => g.Key).ToArray();
        return
        [
            new PlotSeries($"{prefix}mean of {curves.Count} repeats", x, byTrial.Select(g => g.Average(p => p.Second)).ToArray()),
            new PlotSeries($"{prefix}worst repeat", x, byTrial.Select(g => g.Min(p => p.Second)).ToArray()),
            new PlotSeries($"{prefix}best repeat", x, byTrial.Select(g => g.Max(p => p.Second)).ToArray()),
        ];
    }
}

using System.Text.RegularExpressions;
using NasSharp.Store.Reports;

namespace NasSharp.Store.Tests.Reports;

public partial class RunReportTests
{
    [GeneratedRegex("<svg class=\"chart\"[^>]*data-series=\"(\\d+)\" data-points=\"(\\d+)\"")]
    private static partial Regex ChartPattern();

    private static List<(string Title, int Series, int Points)> Charts(string html) =>
        [.. ChartPattern().Matches(html).Select(m =>
        {
            var title = Regex.Match(html[m.Index..], "<title>([^<]*)</title>").Groups[1].Value;
            return (title, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        })];

    [Fact]
    public void Render_SearchRun_DrawsProgressPerRepeatAndScoreScatter()
    {
        using var runs = new ReportRunFixture();
        var html = RunReport.Render([runs.Search("rea", repeats: 2, trials: 12)]);
        var charts = Charts(html);

        Assert.Contains(charts, c => c.Title == "Search progress" && c.Series == 2 && c.Points == 24);
        Assert.Contains(charts, c => c.Title == "Trials: searched vs reported score" && c.Points == 24);
        Assert.Contains("best cifar10_valid_12ep so far", html, StringComparison.Ordinal);
        Assert.Contains("Best trials (trials.csv, by search score) (first 10 of 24)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_QuotedCsvField_StaysOneField()
    {
        using var runs = new ReportRunFixture();
        var html = RunReport.Render([runs.Search("q", repeats: 1, trials: 3)]);

        Assert.Contains("|op~3|,quoted", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TrialsWithFlopsAndParams_DrawsAccuracyAgainstBoth()
    {
        using var runs = new ReportRunFixture();
        var charts = Charts(RunReport.Render([runs.Search("f", repeats: 1, trials: 5, flops: true)]));

        Assert.Contains(charts, c => c.Title == "Trials: report vs flops" && c.Points == 5);
        Assert.Contains(charts, c => c.Title == "Trials: report vs params" && c.Points == 5);
    }

    [Fact]
    public void Render_ManyRepeats_DrawsMeanWorstAndBest()
    {
        using var runs = new ReportRunFixture();
        var charts = Charts(RunReport.Render([runs.Search("many", repeats: 9, trials: 4)]));

        Assert.Contains(charts, c => c.Title == "Search progress" && c.Series == 3);
    }

    [Fact]
    public void Render_TwoRunsWithCamelAndSnakeKeys_ShareOneSideBySideRow()
    {
        using var runs = new ReportRunFixture();
        var html = RunReport.Render([runs.Search("camel"), runs.Search("snake", snakeCase: true)]);

        var start = html.IndexOf("<table class=\"compare\">", StringComparison.Ordinal);
        var compare = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];

        // One row for the key, filled for both runs: camelCase and snake_case name the same thing.
        Assert.Single(Regex.Matches(compare, "<th scope=\"row\">best_?[gG]enotype</th>"));
        Assert.Equal(2, Regex.Count(compare, "<td>\\|nor_conv_3x3~0\\|"));
        Assert.Contains(Charts(html), c => c.Title.StartsWith("Search progress of each run", StringComparison.Ordinal) && c.Series == 2);
    }

    [Fact]
    public void Render_DifferentiableRun_OneWeightChartPerEdgeAndTrainingCurves()
    {
        using var runs = new ReportRunFixture();
        var charts = Charts(RunReport.Render([runs.Differentiable("darts")]));

        Assert.Equal(6, charts.Count(c => c.Title.StartsWith("edge ", StringComparison.Ordinal) && c.Series == 5 && c.Points == 15));
        Assert.Contains(charts, c => c.Title == "Loss (epochs.csv)" && c.Series == 2);
        Assert.Contains(charts, c => c.Title == "Accuracy (epochs.csv)" && c.Series == 2);
    }

    [Fact]
    public void Render_UnknownAndBrokenFiles_AreNotedAndTheRestIsShown()
    {
        using var runs = new ReportRunFixture();
        var run = runs.Search("broken");
        File.WriteAllText(Path.Combine(run, "options.json"), "{ not json");
        File.WriteAllText(Path.Combine(run, "notes.bin"), "x");
        foreach (var bookkeeping in new[] { "status.json", "run.pid", "run.lock", "data_files.json" })
        {
            File.WriteAllText(Path.Combine(run, bookkeeping), "{}");
        }

        var html = RunReport.Render([run]);

        Assert.Contains("Skipped options.json", html, StringComparison.Ordinal);
        Assert.Contains("Not shown (unknown to the report): notes.bin.", html, StringComparison.Ordinal);
        Assert.Contains(Charts(html), c => c.Title == "Search progress");
    }

    [Fact]
    public void Render_EmptyDirectory_SaysSoInsteadOfFailing()
    {
        using var runs = new ReportRunFixture();
        var html = RunReport.Render([runs.Run("empty")]);

        Assert.Contains("Nothing here that the report knows how to show", html, StringComparison.Ordinal);
        Assert.Empty(Charts(html));
    }

    [Fact]
    public void Render_SupernetStates_SubSupernetsContinueAfterTheirParent()
    {
        using var runs = new ReportRunFixture();
        var run = runs.Run("few");
        Directory.CreateDirectory(Path.Combine(run, "supernet", "oneshot"));
        Directory.CreateDirectory(Path.Combine(run, "supernet", "splits", "0-0-none"));
        File.WriteAllText(Path.Combine(run, "supernet", "oneshot", "state.json"), "{\"history\": [{\"epoch\": 1, \"loss\": 2.2, \"accuracy\": 14}, {\"epoch\": 2, \"loss\": 2.0, \"accuracy\": 20}]}");
        File.WriteAllText(Path.Combine(run, "supernet", "splits", "0-0-none", "state.json"), "{\"history\": [{\"epoch\": 1, \"loss\": 1.8, \"accuracy\": 30}]}");
        var html = RunReport.Render([run]);

        Assert.Contains(Charts(html), c => c.Title == "Supernet training loss" && c.Series == 2 && c.Points == 3);
        Assert.Contains("supernet/splits/0-0-none: 3, 1.8", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Ranking_DrawsTheScatterAndTheStatistics()
    {
        var ranking = new ReportRanking("supernet", "ground truth", ["a", "b", "c"], [1, 2, 3], [10, 30, 20], [new("Kendall tau-b", "0.3333")]);
        var html = RunReport.Render([], ranking);

        Assert.Contains(Charts(html), c => c.Title == "Ranking: supernet vs ground truth" && c.Points == 3);
        Assert.Contains("<td>0.3333</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NothingToShow_Throws() =>
        Assert.Throws<ArgumentException>(() => RunReport.Render([]));

    [Fact]
    public void Render_MissingDirectory_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => RunReport.Render(["no-such-run-dir"]));

        Assert.Contains("no-such-run-dir", error.Message, StringComparison.Ordinal);
    }
}

using Microsoft.Playwright;

namespace NasSharp.Cli.Tests;

/// <summary>
/// <c>nas report</c> opened in a real headless Chromium (Debian's, driven by Playwright): runs made here by the CLI on
/// synthetic data (a table search, a short DARTS search, a short stand-alone training) and a ranking of two scoring
/// files, rendered into one page that must load offline without console errors and show its charts and tables.
/// </summary>
public sealed class ReportBrowserTests : IDisposable
{
    private static readonly string[] LaunchArguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly string root = Directory.CreateTempSubdirectory("nassharp-report-browser-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [BrowserFact]
    public async Task Report_OfRealRuns_LoadsWithoutErrorsAndShowsChartsAndTables()
    {
        var chromium = BrowserFactAttribute.Chromium ?? throw new InvalidOperationException($"chromium not found on PATH and {BrowserFactAttribute.RequireVariable}=1: apt-get install -y chromium");
        var page = MakeReport();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = LaunchArguments });
        var tab = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        var requests = new List<string>();
        tab.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Add(message.Text);
            }
        };
        tab.PageError += (_, error) => errors.Add(error);
        tab.Request += (_, request) => requests.Add(request.Url);
        await tab.GotoAsync(new Uri(page).AbsoluteUri);

        Assert.Empty(errors);
        Assert.All(requests, url => Assert.StartsWith("file:", url, StringComparison.Ordinal));
        var titles = await tab.EvalOnSelectorAllAsync<string[]>("svg.chart", "els => els.map(e => e.querySelector('title').textContent)");
        var points = await tab.EvalOnSelectorAllAsync<int[]>("svg.chart", "els => els.map(e => +e.dataset.points)");
        var drawn = await tab.EvalOnSelectorAllAsync<int[]>("svg.chart", "els => els.map(e => e.querySelectorAll('polyline, circle').length)");
        var widths = await tab.EvalOnSelectorAllAsync<double[]>("svg.chart", "els => els.map(e => e.getBoundingClientRect().width)");
        Assert.Contains("Search progress", titles);
        Assert.Contains("Trials: searched vs reported score", titles);
        Assert.Contains("Accuracy (metrics.csv)", titles);
        Assert.Contains("Loss (epochs.csv)", titles);
        Assert.Equal(6, titles.Count(t => t.StartsWith("edge ", StringComparison.Ordinal)));
        Assert.Contains(titles, t => t.StartsWith("Ranking: ", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("Search progress of each run", StringComparison.Ordinal));
        Assert.All(points, p => Assert.True(p > 0));
        Assert.All(drawn, d => Assert.True(d > 0));
        Assert.All(widths, w => Assert.True(w > 200, $"a chart is {w} px wide"));
        var captions = await tab.EvalOnSelectorAllAsync<string[]>("table caption", "els => els.map(e => e.textContent)");
        Assert.Contains("Summaries side by side", captions);
        Assert.Contains(captions, c => c.StartsWith("Repeats (repeats.csv)", StringComparison.Ordinal));
        Assert.Equal(3, await tab.Locator("section.run").CountAsync());
    }

    /// <summary>Three real runs and two scoring files, then the report of all of them; returns the page's path.</summary>
    private string MakeReport()
    {
        using var table = new SyntheticTable();
        var runs = Path.Combine(root, "runs");
        CliRunner.Ok("search", "--table", table.Path, "--strategy", "rea", "--budget", "30", "--repeat", "2", "--out", runs, "--name", "table");
        CliRunner.Ok("search", "--method", "darts", "--epochs", "2", "--train-images", "64", "--test-images", "32", "--channels", "4", "--batch-size", "32", "--final-epochs", "0", "--out", runs, "--name", "darts");
        CliRunner.Ok("train", "--genotype", "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|", "--dataset", "synthetic", "--channels", "4", "--cells", "1", "--epochs", "2", "--batch-size", "16", "--train-images", "32", "--out", runs, "--name", "train");
        var (a, b) = (Path.Combine(root, "supernet.csv"), Path.Combine(root, "truth.csv"));
        var lines = File.ReadLines(table.Path).Skip(1).Take(40).Select(l => l.Split(',')).ToList();
        File.WriteAllLines(a, ["arch,supernet_accuracy", .. lines.Select(f => $"{f[1]},{f[4]}")]);
        File.WriteAllLines(b, ["arch,test_accuracy", .. lines.Select(f => $"{f[1]},{f[3]}")]);
        var page = Path.Combine(root, "report.html");
        CliRunner.Ok("report", Path.Combine(runs, "table"), Path.Combine(runs, "darts"), Path.Combine(runs, "train"), "--rank", a, b, "--out", page);
        return page;
    }
}

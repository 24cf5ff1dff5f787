using System.CommandLine;
using System.Text.Json;

namespace NasSharp.Cli.Tests;

public sealed class SearchCommandTests(SyntheticTable table) : IClassFixture<SyntheticTable>
{
    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = NasCommand.Create().Parse(["search", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private string RunRoot() => Path.Combine(table.Root, "runs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Search_ReaWithRepeats_RecordsEveryTrialAndEndsWithJsonSummary()
    {
        var runs = RunRoot();
        var (exit, output, error) = Run("--table", table.Path, "--strategy", "rea", "--budget", "30", "--repeat", "3", "--out", runs, "--name", "r", "--json");
        Assert.True(exit == 0, error);
        var lines = output.TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("repeat    3/3", StringComparison.Ordinal));
        using var summary = JsonDocument.Parse(lines[^1]);
        Assert.Equal("rea", summary.RootElement.GetProperty("strategy").GetString());
        Assert.Equal(3, summary.RootElement.GetProperty("repeats").GetInt32());
        Assert.Equal(30.0, summary.RootElement.GetProperty("mean_queries").GetDouble());
        Assert.StartsWith("|", summary.RootElement.GetProperty("genotype").GetString(), StringComparison.Ordinal);
        Assert.True(summary.RootElement.GetProperty("report_mean").GetDouble() > 85);

        var dir = Path.Combine(runs, "r");
        Assert.Equal(1 + (3 * 30), File.ReadAllLines(Path.Combine(dir, "trials.csv")).Length);
        Assert.Equal(1 + 3, File.ReadAllLines(Path.Combine(dir, "repeats.csv")).Length);
        Assert.True(File.Exists(Path.Combine(dir, "options.json")));
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("rea")]
    [InlineData("reinforce")]
    [InlineData("ls")]
    [InlineData("tpe")]
    public void Search_SameSeed_SameTrials(string strategy)
    {
        string Trials()
        {
            var runs = RunRoot();
            var (exit, _, error) = Run("--table", table.Path, "--strategy", strategy, "--budget", "25", "--repeat", "2", "--seed", "7", "--out", runs, "--name", "d");
            Assert.True(exit == 0, error);
            return File.ReadAllText(Path.Combine(runs, "d", "trials.csv"));
        }

        Assert.Equal(Trials(), Trials());
    }

    [Fact]
    public void Search_TimeBudget_UsesTimeColumnAndStopsBeforeOverrun()
    {
        var runs = RunRoot();
        var (exit, output, error) = Run("--table", table.Path, "--strategy", "random", "--time-budget", "100", "--out", runs, "--name", "t", "--json");
        Assert.True(exit == 0, error);
        using var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        var queries = summary.RootElement.GetProperty("mean_queries").GetDouble();
        Assert.InRange(queries, 5, 10);
        var elapsed = File.ReadAllLines(Path.Combine(runs, "t", "trials.csv"))[^1].Split(',')[^2];
        Assert.True(double.Parse(elapsed, System.Globalization.CultureInfo.InvariantCulture) <= 100);
    }

    [Theory]
    [InlineData("'bogus'", "--strategy", "bogus")]
    [InlineData("0", "--budget", "0")]
    [InlineData("-3", "--budget", "-3")]
    [InlineData("'nope'", "--search-metric", "nope")]
    [InlineData("'nope'", "--report-metric", "nope")]
    [InlineData("'mnist'", "--dataset", "mnist")]
    [InlineData("--space darts", "--space", "darts")]
    [InlineData("'foo'", "--space", "foo")]
    [InlineData("'supernet'", "--evaluator", "supernet")]
    [InlineData("0", "--repeat", "0")]
    [InlineData("-1", "--time-budget", "-1")]
    public void Search_BadValue_OneLineErrorNamingItAndExitCode2(string named, string option, string value)
    {
        var (exit, output, error) = Run("--table", table.Path, option, value, "--out", RunRoot());
        Assert.Equal(2, exit);
        Assert.StartsWith("nas search: ", error, StringComparison.Ordinal);
        Assert.Contains(named, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(string.Empty, output.Trim());
    }

    [Theory]
    [InlineData("--in-flight 3 needs --evaluator train --workers external: only units that nas worker processes run can be in flight at once", "--evaluator", "table", "--in-flight", "3")]
    [InlineData("--in-flight 2 needs --evaluator train --workers external", "--evaluator", "train", "--in-flight", "2")]
    [InlineData("--in-flight 2 needs --evaluator train --workers external", "--evaluator", "fewshot", "--in-flight", "2")]
    [InlineData("--in-flight 2: strategy reinforce learns from each result before its next ask; use random or rea", "--evaluator", "train", "--workers", "external", "--strategy", "reinforce", "--in-flight", "2")]
    [InlineData("--in-flight 4: strategy ls learns from each result before its next ask; use random or rea", "--evaluator", "train", "--workers", "external", "--strategy", "ls", "--in-flight", "4")]
    [InlineData("--in-flight must be a positive number of units, got 0", "--evaluator", "train", "--workers", "external", "--in-flight", "0")]
    [InlineData("--in-flight 2 applies to --evaluator train --workers external searches only", "--method", "darts", "--in-flight", "2")]
    public void Search_InFlightWhereItCannotApply_OneLineNamingTheOptionAndWhyExit2(string expected, params string[] args)
    {
        var (exit, output, error) = Run([.. args, "--out", RunRoot()]);
        Assert.Equal(2, exit);
        Assert.StartsWith("nas search: " + expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(string.Empty, output.Trim());
    }

    [Fact]
    public void Search_MissingTableFile_ErrorNamesThePath()
    {
        var missing = Path.Combine(table.Root, "absent.csv");
        var (exit, _, error) = Run("--table", missing, "--out", RunRoot());
        Assert.Equal(2, exit);
        Assert.Contains("absent.csv", error);
        Assert.Contains("not found", error);
    }

    [Fact]
    public void Search_TimeBudgetWithoutTimeColumn_ErrorNamesTheColumn()
    {
        var (exit, _, error) = Run("--table", table.Path, "--time-budget", "100", "--time-column", "gpu_hours", "--out", RunRoot());
        Assert.Equal(2, exit);
        Assert.Contains("'gpu_hours'", error);
    }

    [Fact]
    public void ResolveTable_NoTableNoDataDirectory_ExplainsBothWays()
    {
        var ex = Assert.Throws<ArgumentException>(() => SearchCommand.ResolveTable(null, null));
        Assert.Contains("--table", ex.Message);
        Assert.Contains(SearchCommand.DataEnvironmentVariable, ex.Message);
    }

    [Fact]
    public void ResolveTable_DataDirectory_PointsAtNb201Csv()
    {
        Assert.Equal(Path.Combine("data", "nb201", "nb201.csv"), SearchCommand.ResolveTable(null, "data"));
        Assert.Equal("x.csv", SearchCommand.ResolveTable("x.csv", "data"));
    }
}

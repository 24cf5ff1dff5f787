using System.Globalization;
using System.Text;

namespace NasSharp.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nassharp-report-cli-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Report_TableSearchRun_WritesReportHtmlInsideTheRun()
    {
        using var table = new SyntheticTable();
        CliRunner.Ok("search", "--table", table.Path, "--strategy", "rea", "--budget", "20", "--out", root, "--name", "rea");
        var run = Path.Combine(root, "rea");

        var output = CliRunner.Ok("report", run);

        var html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.Contains("report.html", output, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);
        Assert.Contains("Search progress", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RankFiles_ShowsTauOfTheJoinedArchitectures()
    {
        var a = Scores("a.csv", "arch,supernet_accuracy", i => i);
        var b = Scores("b.csv", "arch,test_accuracy", i => 10 - i);
        var file = Path.Combine(root, "rank.html");

        CliRunner.Ok("report", "--rank", a, b, "--out", file);

        var html = File.ReadAllText(file);
        Assert.Contains("<th scope=\"row\">Kendall tau-b</th><td>-1.0000</td>", html, StringComparison.Ordinal);
        Assert.Contains("data-points=\"10\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("does not exist", "no-such-run")]
    [InlineData("at least one run directory")]
    [InlineData("directory", "--out", "no-such-dir/x.html", ".")]
    public void Report_BadInput_OneLineAndExitCode2(string expected, params string[] args)
    {
        var (exit, _, error) = CliRunner.Run(["report", .. args]);

        Assert.Equal(2, exit);
        Assert.StartsWith("nas report: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Report_RankFilesWithNothingInCommon_ExitCode2()
    {
        var a = Scores("a.csv", "arch,score", i => i);
        File.WriteAllText(Path.Combine(root, "other.csv"), "arch,score\nzzz,1\n");

        var (exit, _, error) = CliRunner.Run("report", "--rank", a, Path.Combine(root, "other.csv"));

        Assert.Equal(2, exit);
        Assert.Contains("no architecture appears in both", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1, "run0/report.html")]
    [InlineData(null, 2, "report.html")]
    [InlineData("out.html", 1, "out.html")]
    [InlineData("pages", 2, "pages/report.html")]
    public void OutputPath_FileOrDirectory_IsResolved(string? option, int runs, string expected)
    {
        var cwd = Environment.CurrentDirectory;
        var path = ReportCommand.OutputPath(option is null ? null : Path.Combine(root, option), [.. Enumerable.Range(0, runs).Select(i => Path.Combine(root, $"run{i}"))]);

        var relative = Path.GetRelativePath(path.StartsWith(root, StringComparison.Ordinal) ? root : cwd, Path.GetFullPath(path));
        Assert.Equal(expected, relative.Replace(Path.DirectorySeparatorChar, '/'));
    }

    private string Scores(string name, string header, Func<int, int> score)
    {
        var text = new StringBuilder(header + "\n");
        for (var i = 0; i < 10; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"arch{i},{score(i)}\n");
        }

        var path = Path.Combine(root, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }
}

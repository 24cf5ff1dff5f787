using System.CommandLine;
using System.Text.Json;

namespace NasSharp.Cli.Tests;

public sealed class RankCompareCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-rank-compare-" + Guid.NewGuid().ToString("N"));

    public RankCompareCommandTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string[] Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = NasCommand.Create().Parse(["rank-compare", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString().TrimEnd().Split('\n'), error.ToString());
    }

    private static string Table(params double[] accuracies) =>
        "genotype,test_accuracy\n" + string.Concat(accuracies.Select((a, i) => $"|g{i}~0|,{a}\n"));

    private static string Scores(params double[] scores) =>
        "genotype,supernet_accuracy\n" + string.Concat(scores.Select((s, i) => $"|g{i}~0|,{s}\n"));

    [Fact]
    public void RankCompare_GroundTruthDirectoriesAndArms_WritesReportAndPlacesPicks()
    {
        Write("gt0/groundtruth.csv", Table(70, 71, 72, 73, 74, 75, 76, 77));
        Write("gt1/groundtruth.csv", Table(71, 70, 72, 73, 75, 74, 76, 77));
        var o0 = Write("o0.csv", Scores(8, 7, 6, 5, 4, 3, 2, 1));
        var o1 = Write("o1.csv", Scores(1, 3, 2, 5, 4, 7, 6, 8));
        var f0 = Write("f0.csv", Scores(1, 2, 3, 4, 5, 6, 8, 7));
        var f1 = Write("f1.csv", Scores(1, 2, 3, 4, 5, 6, 7, 8));
        Write("rea/repeats.csv", "repeat,seed,genotype,search\n0,0,|new~0|,50\n1,1,|g3~0|,40\n");
        Write("picks/groundtruth.csv", "genotype,test_accuracy\n|new~0|,80\n");
        var report = Path.Combine(root, "report");

        var (exit, output, error) = Run("--truth", Path.Combine(root, "gt0"), Path.Combine(root, "gt1"), "--arm", $"oneshot={o0},{o1}", "--arm", $"fewshot={f0},{f1}",
            "--top-k", "3", "--resamples", "300", "--pick", $"fewshot={Path.Combine(root, "rea")}", "--pick-truth", Path.Combine(root, "picks"), "--out", report, "--json");

        Assert.True(exit == 0, error);
        Assert.Contains(output, l => l.StartsWith("fewshot - oneshot: tau-b +", StringComparison.Ordinal) && l.Contains("the interval", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("pick fewshot #0: 80.00, rank 1 of 9", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "rank_compare.json")));
        var r = json.RootElement;
        Assert.Equal(8, r.GetProperty("architectures").GetInt32());
        Assert.True(r.GetProperty("truth_ceiling").GetDouble() is > 0.5 and < 1);
        Assert.Equal(4, r.GetProperty("seeds").GetArrayLength());
        var difference = r.GetProperty("differences")[0];
        Assert.Equal("fewshot", difference.GetProperty("arm").GetString());
        Assert.True(difference.GetProperty("kendall_tau_b").GetDouble() > 0);
        Assert.Equal(2, r.GetProperty("picks").GetArrayLength());
        Assert.Equal(5, File.ReadAllLines(Path.Combine(report, "seeds.csv")).Length);
        Assert.Equal(8, JsonDocument.Parse(output[^1]).RootElement.GetProperty("architectures").GetInt32());
    }

    [Theory]
    [InlineData("oneshot", "--arm 'oneshot' is not NAME=PATH[,PATH...]")]
    [InlineData("oneshot=missing.csv", "missing.csv")]
    public void RankCompare_BadArm_IsOneLineAndExitTwo(string arm, string expected)
    {
        Write("gt.csv", Table(1, 2, 3));
        var (exit, _, error) = Run("--truth", Path.Combine(root, "gt.csv"), "--arm", arm);
        Assert.Equal(2, exit);
        Assert.StartsWith("nas rank-compare: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}

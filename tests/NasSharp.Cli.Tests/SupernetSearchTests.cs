using System.Globalization;
using System.Text.Json;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;

namespace NasSharp.Cli.Tests;

public sealed class SupernetSearchTests(TinySupernet supernet) : IClassFixture<TinySupernet>, IDisposable
{
    private readonly string runs = Path.Combine(Path.GetTempPath(), "nassharp-cli-runs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(runs))
        {
            Directory.Delete(runs, recursive: true);
        }
    }

    [Theory]
    [InlineData("random")]
    [InlineData("rea")]
    [InlineData("reinforce")]
    [InlineData("ls")]
    [InlineData("tpe")]
    public void Search_FewShotSupernet_RunsEveryStrategyAndRecordsTheTrials(string strategy)
    {
        var output = CliRunner.Ok("search", "--space", "nb201", "--evaluator", "fewshot", "--supernet", supernet.Path, "--strategy", strategy, "--budget", "12", "--out", runs, "--name", strategy, "--json");
        using var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("fewshot_valid_accuracy", summary.RootElement.GetProperty("search_metric").GetString());
        Assert.True(Nb201Genotype.TryParse(summary.RootElement.GetProperty("genotype").GetString(), out _));
        Assert.Equal(1 + 12, File.ReadAllLines(Path.Combine(runs, strategy, "trials.csv")).Length);
    }

    [Fact]
    public void Search_FewShotSupernet_TrainsAndSavesTheWinnerForPredict()
    {
        var output = CliRunner.Ok("search", "--evaluator", "fewshot", "--supernet", supernet.Path, "--strategy", "rea", "--budget", "10", "--repeat", "2", "--final-epochs", "2", "--out", runs, "--name", "winner", "--json");
        using var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        var run = Path.Combine(runs, "winner");
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "model", "model.json")));
        // The saved network is the best of the repeats, trained with the supernet's skeleton for --final-epochs.
        Assert.Equal(summary.RootElement.GetProperty("genotype").GetString(), card.RootElement.GetProperty("genotype").GetString());
        Assert.Equal(2, card.RootElement.GetProperty("metrics").GetProperty("epochs").GetDouble());
        Assert.Contains("stand-alone: epoch 2/2", output, StringComparison.Ordinal);
        Assert.InRange(card.RootElement.GetProperty("metrics").GetProperty("test_accuracy").GetDouble(), 0, 100);
        Assert.Contains("%", CliRunner.Ok("predict", "--model", run), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_OneShotAndFewShot_ScoreFromTheirOwnSupernetsAndReportFromAGroundTruthTable()
    {
        var table = Path.Combine(supernet.Root, "truth.csv");
        var half = Nb201Space.Instance.Enumerate().Where(g => g.Index % 2 == 0);
        File.WriteAllLines(table, ["arch,op_indices,test_accuracy", .. half.Select(g => FormattableString.Invariant($"{g},{g.ToOpIndices()},{ArchitectureSample.ConvolutionCount(g) * 10.0}"))]);
        string[] Trials(string evaluator)
        {
            CliRunner.Ok("search", "--evaluator", evaluator, "--supernet", supernet.Path, "--strategy", "random", "--budget", "30", "--table", table, "--out", runs, "--name", evaluator);
            return File.ReadAllLines(Path.Combine(runs, evaluator, "trials.csv"));
        }

        var one = Trials("oneshot");
        var few = Trials("fewshot");
        Assert.Equal(one.Select(l => l.Split(',')[3]), few.Select(l => l.Split(',')[3]));
        Assert.NotEqual(one.Select(l => l.Split(',')[5]), few.Select(l => l.Split(',')[5]));
        // Reported where the table has the architecture (even indices), empty elsewhere.
        Assert.All(few.Skip(1), l => Assert.Equal(Nb201Genotype.ParseOpIndices(l.Split(',')[4]).Index % 2 == 0, l.Split(',')[6].Length > 0));
    }

    [Fact]
    public void Rank_SupernetDirectoryAgainstATable_PrintsTauForTheTableArchitectures()
    {
        var sample = ArchitectureSample.StratifiedByConvolutions(14, seed: 2);
        var table = Path.Combine(supernet.Root, "rank-truth.csv");
        File.WriteAllLines(table, ["arch,test_accuracy", .. sample.Select((g, i) => string.Create(CultureInfo.InvariantCulture, $"{g},{i}"))]);
        var output = CliRunner.Ok("rank", supernet.Path, table, "--json");
        var printed = output.TrimEnd().Split('\n');
        Assert.Contains(printed, l => l.StartsWith("matched   14", StringComparison.Ordinal));
        Assert.Contains(printed, l => l.StartsWith("a         ", StringComparison.Ordinal) && l.Contains("few-shot", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(printed[^1]);
        Assert.InRange(json.RootElement.GetProperty("kendall_tau_b").GetDouble(), -1, 1);

        var scores = Path.Combine(supernet.Root, "oneshot-scores.csv");
        var oneShot = CliRunner.Ok("rank", table, supernet.Path, "--supernet-view", "oneshot", "--scores-out", scores);
        Assert.Contains("one-shot", oneShot, StringComparison.Ordinal);
        var lines = File.ReadAllLines(scores);
        Assert.Equal("genotype,supernet_accuracy", lines[0]);
        Assert.Equal(sample.Select(g => g.ToString()), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Theory]
    [InlineData("--evaluator oneshot", "needs --supernet")]
    [InlineData("--evaluator fewshot --supernet MISSING", "not found")]
    [InlineData("--evaluator fewshot --supernet SUPERNET --dataset mnist", "differs from the dataset")]
    [InlineData("--evaluator fewshot --supernet SUPERNET --time-budget 10", "--time-budget")]
    [InlineData("--space chain --evaluator fewshot --supernet SUPERNET", "--space chain differs from the space of the supernet in")]
    [InlineData("--space darts --evaluator fewshot --supernet SUPERNET", "with --supernet is NAS-Bench-201 and chain only")]
    public void Search_BadSupernetUse_OneLineError(string arguments, string expected)
    {
        var args = arguments.Replace("MISSING", Path.Combine(runs, "nowhere"), StringComparison.Ordinal).Replace("SUPERNET", supernet.Path, StringComparison.Ordinal).Split(' ');
        var (exit, _, error) = CliRunner.Run(["search", .. args, "--out", runs]);
        Assert.Equal(2, exit);
        Assert.StartsWith("nas search: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}

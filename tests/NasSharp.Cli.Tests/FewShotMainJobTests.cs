using System.Globalization;
using System.Text.Json;
using NasSharp.Search.Spaces;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli.Tests;

public sealed class FewShotMainJobTests : IDisposable
{
    private readonly string runs = Path.Combine(Path.GetTempPath(), "nassharp-cli-main-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(runs))
        {
            Directory.Delete(runs, recursive: true);
        }
    }

    [Fact]
    public void Search_NoEvaluator_RunsFewShotNasEndToEndAndStoresTheRun()
    {
        var output = CliRunner.Ok(["search", "--epochs", "1", "--split-epochs", "1", "--final-epochs", "1", "--test-images", "40", "--budget", "8", .. TinySupernet.Sizes, "--out", runs, "--name", "e2e", "--json"]);

        Assert.Contains("[1/4] one-shot supernet", output, StringComparison.Ordinal);
        Assert.Contains("[4/4] stand-alone training", output, StringComparison.Ordinal);
        Assert.Contains("found architecture: |", output, StringComparison.Ordinal);
        Assert.Contains("run stored in", output, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.True(Nb201Genotype.TryParse(summary.RootElement.GetProperty("genotype").GetString(), out _));
        Assert.InRange(summary.RootElement.GetProperty("test_accuracy").GetDouble(), 0, 100);
        var dir = Path.Combine(runs, "e2e");
        Assert.Equal(5, Directory.GetDirectories(Path.Combine(dir, "supernet", "splits")).Length);
        Assert.Equal(1 + 8, File.ReadAllLines(Path.Combine(dir, "trials.csv")).Length);
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));

        // Every trial is also in the run's study in the store, which nas runs lists.
        using var store = new SqliteExperimentStore(Path.Combine(runs, "nas.db"));
        var study = store.FindStudy("e2e")!;
        var rows = File.ReadAllLines(Path.Combine(dir, "trials.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal((StudyStatus.Complete, dir), (study.Status, study.RunDirectory));
        Assert.Equal(rows.Select(r => (r[2], r[3])), SearchTrialLog.Read(store, study.Id).Select(t => (t.Trial.ToString(CultureInfo.InvariantCulture), t.Genotype)));
        var list = CliRunner.Ok("runs", "list", "--store", Path.Combine(runs, "nas.db"));
        Assert.Contains(list.Split('\n'), l => l.Contains(" e2e ", StringComparison.Ordinal) && l.Contains("8/8", StringComparison.Ordinal) && l.Contains("complete", StringComparison.Ordinal));
    }

    [Fact]
    public void Search_TrainEvaluator_TrainsEveryTrialStandalone()
    {
        var output = CliRunner.Ok(["search", "--evaluator", "train", "--final-epochs", "1", "--test-images", "40", "--budget", "2", "--strategy", "random", .. TinySupernet.Sizes, "--out", runs, "--name", "train", "--json"]);
        using var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("train_valid_accuracy", summary.RootElement.GetProperty("search_metric").GetString());
        Assert.InRange(summary.RootElement.GetProperty("best_report").GetDouble(), 0, 100);
    }

    [Theory]
    [InlineData("--edge", "6", "--edge 6 is out of range")]
    [InlineData("--epochs", "0", "--epochs (0)")]
    [InlineData("--dataset", "imagenet", "'imagenet'")]
    public void Search_BadEndToEndValue_OneLineErrorNamingIt(string option, string value, string expected)
    {
        var (exit, output, error) = CliRunner.Run("search", option, value, "--out", runs);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.Trim());
    }
}

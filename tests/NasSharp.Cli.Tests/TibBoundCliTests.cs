using System.Text.Json;

namespace NasSharp.Cli.Tests;

/// <summary>
/// --tib-bound (h_t = tanh(s_N), RECURRENT.md 1.2) on <c>nas search --space tib</c> and <c>nas train --genotype tib:...</c>:
/// recorded as <c>tib_bound</c>, compared on --resume (a run without the key ran, and resumes, unbounded), refused in one
/// line where there is no tib cell to bound.
/// </summary>
public sealed class TibBoundCliTests(TrainData data) : IClassFixture<TrainData>
{
    private string Runs { get; } = Path.Combine(data.Root, "tibbound-" + Guid.NewGuid().ToString("N"));

    private string[] TibSearch(params string[] last) =>
        ["search", "--space", "tib", "--task", "lm", "--nmax", "2", "--hidden", "8", "--epochs", "1", "--weight-lr", "2", "--out", Runs, .. last];

    [Fact]
    public void Search_TibBound_RecordsItInOptionsAndSummaryAndRetrainsTheCell()
    {
        var (exit, output, error) = CliRunner.Run(TibSearch("--retrain-epochs", "1", "--tib-bound", "--name", "b", "--json"));

        Assert.True(exit == 0, error);
        var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;
        Assert.True(summary.GetProperty("tib_bound").GetBoolean());
        Assert.InRange(summary.GetProperty("test_perplexity").GetDouble(), 1, 100);
        Assert.Contains("\"tib_bound\": true", File.ReadAllText(Path.Combine(Runs, "b", "options.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_OptionsJsonWithoutTibBound_ResumesUnboundedAndRefusesTheBound()
    {
        CliRunner.Ok(TibSearch("--retrain-epochs", "0", "--name", "old"));
        var path = Path.Combine(Runs, "old", "options.json");
        var json = File.ReadAllText(path);
        var before = json.Replace("\n  \"tib_bound\": false,", string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(json, before);
        // As versions before the option wrote it.
        File.WriteAllText(path, before);

        Assert.Contains("resuming", CliRunner.Ok("search", "--resume", "old", "--out", Runs), StringComparison.Ordinal);
        Assert.Contains("resuming", CliRunner.Ok(TibSearch("--retrain-epochs", "0", "--resume", "old")), StringComparison.Ordinal);
        var (exit, _, error) = CliRunner.Run(TibSearch("--retrain-epochs", "0", "--tib-bound", "--resume", "old"));
        Assert.Equal(2, exit);
        Assert.Equal("nas search: --tib-bound true differs from the run's false: resume with the options the run was started with", error.Trim());
    }

    [Fact]
    public void Search_TibBoundOnDartsRnn_OneLineExit2()
    {
        var (exit, _, error) = CliRunner.Run("search", "--space", "darts-rnn", "--tib-bound", "--out", Runs);

        Assert.Equal(2, exit);
        Assert.Contains("--tib-bound applies to --space tib", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("lm", "--model", "lstm")]
    [InlineData("lm", "--genotype", "darts-rnn:relu~0|tanh~1")]
    [InlineData("forecast", "--model", "gru")]
    [InlineData("image", "--dataset", "synthetic")]
    public void Train_TibBoundWithoutATibCell_OneLineExit2(string task, string option, string value)
    {
        var (exit, _, error) = Train("--task", task, option, value, "--tib-bound");

        Assert.Equal(2, exit);
        Assert.StartsWith("nas train: --tib-bound applies to a tib cell", error, StringComparison.Ordinal);
        Assert.Contains(value == "synthetic" ? "--task image" : value, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Train_LanguageModelTibCellBound_RecordsItAndAnUnboundRunHasNoKey()
    {
        string[] Cell(string name, params string[] extra) =>
            ["--task", "lm", "--data", data.Root, "--genotype", "tib:mul|add_id", "--hidden", "8", "--epochs", "1", "--batch-size", "4", "--bptt", "6", "--weight-lr", "5", "--out", Runs, "--name", name, "--json", .. extra];

        var (exit, output, error) = Train(Cell("bound", "--tib-bound"));
        var (plainExit, plainOutput, plainError) = Train(Cell("plain"));

        Assert.True(exit == 0, error);
        Assert.True(plainExit == 0, plainError);
        Assert.Contains("tib:mul|add_id bounded (h_t = tanh(s_N))", output, StringComparison.Ordinal);
        var (bound, plain) = (JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement, JsonDocument.Parse(plainOutput.TrimEnd().Split('\n')[^1]).RootElement);
        Assert.True(bound.GetProperty("tib_bound").GetBoolean());
        Assert.False(plain.GetProperty("tib_bound").GetBoolean());
        Assert.NotEqual(plain.GetProperty("test_perplexity").GetDouble(), bound.GetProperty("test_perplexity").GetDouble());
        Assert.Contains("\"tib_bound\": true", File.ReadAllText(Path.Combine(Runs, "bound", "options.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("tib_bound", File.ReadAllText(Path.Combine(Runs, "plain", "options.json")), StringComparison.Ordinal);
        var (resumeExit, _, resumeError) = Train(Cell("plain", "--tib-bound", "--resume", "plain"));
        Assert.Equal(2, resumeExit);
        Assert.StartsWith("nas train: --tib-bound true differs from the run's null", resumeError, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ForecastTibCellBound_RecordsItInTheSummary()
    {
        var (exit, output, error) = Train("--task", "forecast", "--data", data.SeriesPath, "--genotype", "tib:mul|add_id", "--tib-bound", "--hidden", "6", "--window", "10", "--horizon", "2", "--epochs", "1", "--batch-size", "16", "--out", Runs, "--json");

        Assert.True(exit == 0, error);
        Assert.True(JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement.GetProperty("tib_bound").GetBoolean());
    }

    private static (int Exit, string Output, string Error) Train(params string[] args) => CliRunner.Run(["train", .. args]);
}

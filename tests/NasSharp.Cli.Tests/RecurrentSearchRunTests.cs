using System.CommandLine;
using System.Text.Json;

namespace NasSharp.Cli.Tests;

public sealed class RecurrentSearchRunTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nas-rnn-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("--task", "speech", "--task: unknown value 'speech'")]
    [InlineData("--grow", "sideways", "--grow: unknown value 'sideways'")]
    [InlineData("--grow-trigger", "sometimes", "--grow-trigger: unknown value 'sometimes'")]
    [InlineData("--grow-morphism", "sideways", "--grow-morphism: unknown value 'sideways' (expected one of: node, edge, both)")]
    [InlineData("--method", "nope", "unknown method 'nope'")]
    [InlineData("--nmax", "0", "nmax (0)")]
    [InlineData("--grow-every", "-1", "grow-every must be positive")]
    [InlineData("--hidden", "0", "hidden 0")]
    [InlineData("--random-bptt", "true", "--random-bptt applies to --task lm")]
    public void Search_BadRecurrentValue_OneLineNamingItExit2(string option, string value, string expected)
    {
        var (exit, _, error) = Run("--space", "tib", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Search_TibForecastGrowing_WritesRecordsAndSnakeCaseSummary()
    {
        var (exit, output, error) = Run("--space", "tib", "--task", "forecast", "--grow", "gtp", "--grow-every", "1", "--nmax", "2", "--hidden", "4", "--epochs", "2", "--retrain-epochs", "1", "--window", "8", "--name", "r", "--json");

        Assert.True(exit == 0, error);
        Assert.Contains("growth after epoch 1: 1 -> 2 nodes", output, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;
        Assert.StartsWith("tib:", summary.GetProperty("genotype").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, summary.GetProperty("growth_events").GetInt32());
        Assert.True(summary.GetProperty("test_rse").GetDouble() > 0);
        foreach (var file in new[] { "epochs.csv", "architecture.csv", "growth.csv", "alpha_loss.csv", "search.safetensors", "options.json" })
        {
            Assert.True(File.Exists(Path.Combine(root, "r", file)), file);
        }
    }

    [Fact]
    public void Search_DartsRnnWithEdgeGrowth_OneLineSayingItIsDenseExit2()
    {
        var (exit, _, error) = Run("--space", "darts-rnn", "--grow", "gtp", "--grow-morphism", "edge");

        Assert.Equal(2, exit);
        Assert.Contains("--grow-morphism edge adds edges, which only tib has: the darts-rnn search cell is dense already", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Search_TibForecastEdgeGrowth_RecordsEachEdgeInGrowthCsvAndTheSummary()
    {
        var (exit, output, error) = Run("--space", "tib", "--task", "forecast", "--grow", "gtp", "--grow-morphism", "edge", "--grow-every", "1", "--nmax", "3", "--hidden", "4", "--epochs", "3", "--retrain-epochs", "1", "--window", "8", "--name", "e", "--json");

        Assert.True(exit == 0, error);
        Assert.Contains("growth after epoch 1: 3 -> 3 nodes, edge s_0 -> s_", output, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;
        Assert.Equal("edge", summary.GetProperty("grow_morphism").GetString());
        Assert.Equal(2, summary.GetProperty("edges_grown").GetInt32());
        var growth = File.ReadAllLines(Path.Combine(root, "e", "growth.csv"));
        Assert.Equal("epoch,nodes_before,nodes_after,loss_before,loss_after,new_group,new_edge,new_edge_group,contracted,open_choices,stop", growth[0]);
        // The first edge reads h_{t-1} (state 0) and the cell's first edge table, after the 3 + 3 node tables.
        Assert.Matches("^1,3,3,[^,]+,[^,]+,,0->[23],6,,,None$", growth[1]);
        Assert.Contains("\"grow_morphism\": \"edge\"", File.ReadAllText(Path.Combine(root, "e", "options.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_TibLanguageModel_RetrainsTheCellAndReportsPerplexity()
    {
        var (exit, output, error) = Run("--space", "tib", "--task", "lm", "--nmax", "2", "--hidden", "8", "--epochs", "1", "--retrain-epochs", "1", "--weight-lr", "2", "--name", "lm", "--json");

        Assert.True(exit == 0, error);
        var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;
        var perplexity = summary.GetProperty("test_perplexity").GetDouble();
        // Finite and no worse than twice uniform guessing over the synthetic 50-word vocabulary.
        Assert.InRange(perplexity, 1, 100);
        Assert.True(summary.GetProperty("params").GetInt64() > 0);
        Assert.Contains("bptt 35 drawn per window", output, StringComparison.Ordinal);
        Assert.Contains("\"random_bptt\": true", File.ReadAllText(Path.Combine(root, "lm", "options.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_LanguageModelRandomBpttFalse_ReadsFixedWindowsAndRecordsIt()
    {
        var (exit, output, error) = Run("--space", "darts-rnn", "--task", "lm", "--nmax", "2", "--hidden", "8", "--epochs", "1", "--retrain-epochs", "0", "--weight-lr", "2", "--random-bptt", "false", "--name", "fixed");

        Assert.True(exit == 0, error);
        Assert.Contains("bptt 35 fixed", output, StringComparison.Ordinal);
        Assert.Contains("\"random_bptt\": false", File.ReadAllText(Path.Combine(root, "fixed", "options.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("darts-rnn", "gtp")]
    [InlineData("tib", "none")]
    [InlineData("tib", "gtp")]
    public void Search_GainLrOfACellWithGains_TrainsAndRecordsIt(string space, string grow)
    {
        var (exit, _, error) = Run("--space", space, "--task", "lm", "--grow", grow, "--nmax", "3", "--hidden", "8", "--epochs", "2", "--retrain-epochs", "0", "--weight-lr", "2", "--gain-lr", "0.01", "--name", "gains");

        Assert.True(exit == 0, error);
        var options = File.ReadAllText(Path.Combine(root, "gains", "options.json"));
        Assert.Contains("\"gain_lr\": 0.01", options, StringComparison.Ordinal);
        Assert.Equal(space == "tib", options.Contains("\"tib_gates_in_gains\": true", StringComparison.Ordinal));
        Assert.DoesNotContain("omega_lr", options, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_GainLrOnAFixedDartsRnn_OneLineSayingWhereItAppliesExit2()
    {
        var (exit, _, error) = Run("--space", "darts-rnn", "--grow", "none", "--gain-lr", "0.01");

        Assert.Equal(2, exit);
        Assert.Equal("nas search: --gain-lr applies to a cell with scalar gains: tib (its gates gamma) or a growing darts-rnn (--grow gtp|igp: its output weights omega); a fixed darts-rnn cell has none", error.TrimEnd());
    }

    [Fact]
    public void Search_OldSpellingOmegaLr_RunsAsGainLr()
    {
        var (exit, _, error) = CliRunner.Run("search", "--out", root, "--space", "tib", "--nmax", "2", "--hidden", "4", "--epochs", "1", "--retrain-epochs", "0", "--window", "8", "--omega-lr", "0.02", "--name", "old");

        Assert.True(exit == 0, error);
        Assert.Contains("\"gain_lr\": 0.02", File.ReadAllText(Path.Combine(root, "old", "options.json")), StringComparison.Ordinal);
    }

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = NasCommand.Create().Parse(["search", "--out", root, .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}

using System.CommandLine;
using System.Text.Json;
using System.Xml.Linq;
using NasSharp.Search.Models;

namespace NasSharp.Cli.Tests;

public sealed class DifferentiableSearchRunTests : IDisposable
{
    private static readonly string[] Tiny = ["--train-images", "128", "--test-images", "64", "--channels", "4", "--batch-size", "32", "--final-epochs", "1", "--json"];
    private readonly string root = Path.Combine(Path.GetTempPath(), "nas-diff-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = NasCommand.Create().Parse(["search", "--out", root, .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static JsonElement Summary(string output) => JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;

    [Fact]
    public void Darts_Nb201_PrintsEpochsAndWritesDistributionPlotAndSummary()
    {
        var (exit, output, error) = Run(["--method", "darts", "--epochs", "2", "--name", "d", .. Tiny]);
        Assert.True(exit == 0, error);
        Assert.Contains("search epoch   2/2", output, StringComparison.Ordinal);
        var summary = Summary(output);
        Assert.Equal("darts", summary.GetProperty("method").GetString());
        Assert.StartsWith("|", summary.GetProperty("genotype").GetString(), StringComparison.Ordinal);
        Assert.True(summary.GetProperty("retrained_test_accuracy").GetDouble() >= 0);

        var dir = Path.Combine(root, "d");
        Assert.Equal(1 + (3 * 30), File.ReadAllLines(Path.Combine(dir, "architecture.csv")).Length);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "epochs.csv")).Length);
        var svg = XDocument.Load(Path.Combine(dir, "search.svg"));
        Assert.Equal((6 * 5) + 4, svg.Descendants(XName.Get("polyline", "http://www.w3.org/2000/svg")).Count());
        Assert.Equal(3, JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "architecture.json"))).RootElement.GetArrayLength());
    }

    [Fact]
    public void Dsnas_WithChildEpochs_ReportsSearchedChildAndRetrainedAccuracies()
    {
        var (exit, output, error) = Run(["--method", "dsnas", "--epochs", "1", "--child-epochs", "1", "--flops-penalty", "0.1", "--name", "s", .. Tiny]);
        Assert.True(exit == 0, error);
        Assert.Contains("all for weights and architecture", output);
        var summary = Summary(output);
        Assert.Equal(1, summary.GetProperty("child_epochs").GetInt32());
        Assert.True(summary.GetProperty("child_test_accuracy").ValueKind == JsonValueKind.Number);
        Assert.True(summary.GetProperty("child_teraflops").GetDouble() > 0 && summary.GetProperty("retrain_teraflops").GetDouble() > 0);
    }

    [Fact]
    public void FewShotGdas_SearchesEverySubSupernetAndNamesTheChosenSplit()
    {
        var (exit, output, error) = Run(["--method", "gdas", "--fewshot", "--edge", "3", "--epochs", "1", "--split-epochs", "1", "--name", "f", .. Tiny]);
        Assert.True(exit == 0, error);
        Assert.Contains("split-3-avg_pool_3x3 epoch", output, StringComparison.Ordinal);
        var summary = Summary(output);
        Assert.StartsWith("3:", summary.GetProperty("split_chosen").GetString(), StringComparison.Ordinal);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(root, "f"), "search-*.svg").Length);
    }

    [Theory]
    [InlineData("darts", "gdas", "Genotype(normal=[")]
    [InlineData("chain", "dsnas", "[")]
    public void OtherSpaces_SearchAndRetrainTheirOwnGenotypes(string space, string method, string prefix)
    {
        var (exit, output, error) = Run(["--space", space, "--method", method, "--epochs", "1", "--cells", "1", "--train-images", "64", "--test-images", "32", "--channels", "4", "--batch-size", "32", "--final-epochs", "1", "--auxiliary", "--name", space, "--json"]);
        Assert.True(exit == 0, error);
        Assert.StartsWith(prefix, Summary(output).GetProperty("genotype").GetString(), StringComparison.Ordinal);
        Assert.Equal("synthetic", Summary(output).GetProperty("dataset").GetString());
        Assert.True(File.Exists(Path.Combine(root, space, "search.svg")));
        var model = SavedModel.Load(Path.Combine(root, space));
        Assert.Equal(space, GenotypeText.Name(model.Card.Space));
        Assert.Equal(space == "darts" ? true : null, model.Card.Network.Auxiliary);
        Assert.Null(model.Card.Note);
        Assert.Equal(Summary(output).GetProperty("retrained_test_accuracy").GetDouble(), model.Card.Metrics["test_accuracy"]);
    }

    [Fact]
    public void Darts_NoFinalTraining_SavesTheUntrainedWinnerAndSaysSoInItsCard()
    {
        var (exit, _, error) = Run(["--method", "darts", "--epochs", "1", "--name", "u", .. Tiny.Select(a => a == "1" ? "0" : a)]);
        Assert.True(exit == 0, error);
        var card = SavedModel.ReadCard(Path.Combine(root, "u"));
        Assert.StartsWith("untrained: the search ran with --final-epochs 0", card.Note, StringComparison.Ordinal);
        Assert.False(card.Metrics.ContainsKey("test_accuracy"));
    }

    [Theory]
    [InlineData("--method", "enas")]
    [InlineData("--method", "darts", "--space", "nats")]
    [InlineData("--method", "darts", "--edge", "6")]
    [InlineData("--method", "darts", "--dataset", "fashion-mnist", "--data", "/nonexistent-dir")]
    public void BadValues_OneLineErrorAndExitTwo(params string[] args)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("nas search: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}

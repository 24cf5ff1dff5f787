using NasSharp.Search.Models;

namespace NasSharp.Cli.Tests;

/// <summary>Weight-sharing searches of the chain and DARTS spaces end with their winner saved as a model in the run.</summary>
public sealed class WinnerDeliveryTests : IDisposable
{
    private readonly string runs = Directory.CreateTempSubdirectory("nassharp-winner-").FullName;

    public void Dispose() => Directory.Delete(runs, recursive: true);

    [Fact]
    public void SearchChainOneshot_WinnerTrained_SavedAsAModelThatLoadsAndPredicts()
    {
        var output = CliRunner.Ok("search", "--space", "chain", "--evaluator", "oneshot", "--strategy", "random", "--budget", "3", "--epochs", "1", "--final-epochs", "1",
            "--train-images", "64", "--valid-images", "32", "--test-images", "32", "--batch-size", "32", "--out", runs, "--name", "chain");
        var run = Path.Combine(runs, "chain");

        var model = SavedModel.Load(run);
        Assert.Equal(ModelSpace.Chain, model.Card.Space);
        Assert.Contains($"found {model.Card.Genotype}", output, StringComparison.Ordinal);
        Assert.InRange(model.Card.Metrics["test_accuracy"], 0, 100);
        Assert.Contains("accuracy", CliRunner.Ok("predict", "--model", run), StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using NasSharp.NN.Layers;
using NasSharp.Search.Models;

namespace NasSharp.Cli.Tests;

/// <summary><c>nas predict</c>, <c>nas export --onnx</c> and <c>nas bench infer</c> on a saved model with random weights (no training needed).</summary>
public sealed class ModelCommandsTests(TrainData data) : IClassFixture<TrainData>
{
    private const string Genotype = "|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";

    private string SaveModel(IReadOnlyList<int> inputShape)
    {
        var card = new ModelCard
        {
            Space = ModelSpace.Nb201,
            Genotype = Genotype,
            Network = new ModelNetworkOptions { Channels = 4, Cells = 1 },
            InputShape = inputShape,
            Classes = 10,
            Dataset = "mnist",
            Normalization = new ModelNormalization([0.3f], [0.3f]),
        };
        var network = ModelNetworks.Build(card, new Random(1));
        foreach (var bn in network.Modules().OfType<BatchNorm2d>())
        {
            bn.RunningVar!.Data.Fill(2f);
        }

        var directory = Path.Combine(data.Root, "model-" + Guid.NewGuid().ToString("N"));
        SavedModel.Save(Path.Combine(directory, SavedModel.RunSubdirectory), card, network);
        return directory;
    }

    private static JsonElement LastLineJson(string output) => JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;

    [Fact]
    public void Predict_SavedModel_ScoresTheTestSplitAndWritesPredictions()
    {
        var run = SaveModel([1, 8, 8]);
        var output = CliRunner.Ok("predict", "--model", run, "--data", data.Root, "--out", Path.Combine(run, "pred"), "--json");
        var summary = LastLineJson(output);
        var rows = File.ReadAllLines(Path.Combine(run, "pred", "predictions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(16, rows.Count);
        Assert.Equal(16, summary.GetProperty("images").GetInt32());
        var correct = rows.Count(r => r[1] == r[2]);
        Assert.Equal(100.0 * correct / 16, summary.GetProperty("test_accuracy").GetDouble(), 4);
        Assert.All(rows, r => Assert.InRange(double.Parse(r[3], CultureInfo.InvariantCulture), 0.1, 1.0));
    }

    [Fact]
    public void Predict_DatasetOfAnotherShape_OneLineErrorNamingBothShapes()
    {
        var run = SaveModel([3, 16, 16]);
        var (exit, _, error) = CliRunner.Run("predict", "--model", run, "--data", data.Root);
        Assert.Equal(2, exit);
        Assert.Contains("[1, 8, 8]", error);
        Assert.Contains("[3, 16, 16]", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Export_SavedModel_WritesOnnxThatOnnxRuntimeLoads()
    {
        var run = SaveModel([1, 8, 8]);
        var file = Path.Combine(run, "exported", "model.onnx");
        var output = CliRunner.Ok("export", "--model", run, "--onnx", "--out", Path.Combine(run, "exported"));
        Assert.Contains("checked in ONNX Runtime", output);
        using var session = new InferenceSession(file);
        Assert.Equal(Genotype, session.ModelMetadata.CustomMetadataMap["genotype"]);
        Assert.Equal("0.3", session.ModelMetadata.CustomMetadataMap["normalization_std"]);
    }

    [Theory]
    [InlineData("--onnx", "--onnx", "--opset", "9")]
    [InlineData("--onnx", "--opset", "17")]
    [InlineData("--out is a directory", "--onnx", "--out", "net.onnx")]
    public void Export_BadRequest_OneLineErrorAndExitCode2(string named, params string[] args)
    {
        var run = SaveModel([1, 8, 8]);
        var (exit, _, error) = CliRunner.Run(["export", "--model", run, .. args]);
        Assert.Equal(2, exit);
        Assert.Contains(args.Contains("9") ? "opset 9" : named, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Export_DirectoryWithoutModel_ErrorNamesIt()
    {
        var (exit, _, error) = CliRunner.Run("export", "--model", data.Root, "--onnx");
        Assert.Equal(2, exit);
        Assert.Contains("is not a saved model", error);
    }

    [Fact]
    public void BenchInfer_SavedModel_ReportsBothEnginesAtBatch1And64()
    {
        var run = SaveModel([1, 8, 8]);
        var output = CliRunner.Ok("bench", "infer", "--model", run, "--threads", "1", "--seconds", "0.01");
        Assert.Contains("| batch | NasSharp img/s | ONNX Runtime img/s |", output);
        var rows = LastLineJson(output).GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([1, 64], rows.Select(r => r.GetProperty("batch").GetInt32()));
        Assert.All(rows, r => Assert.True(r.GetProperty("nassharp_images_per_second").GetDouble() > 0 && r.GetProperty("ratio").GetDouble() > 0));
    }
}

using System.CommandLine;
using System.Text.Json;
using NasSharp.NN.Serialization;
using NasSharp.Search.Models;

namespace NasSharp.Cli.Tests;

public sealed class TrainCommandTests(TrainData data) : IClassFixture<TrainData>
{
    private const string ResNetLike = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";

    private static readonly string[] RunFiles = ["options.json", "metrics.csv", "weights.safetensors", "summary.json"];

    private static readonly string[] ImageRunFiles = ["options.json", "metrics.csv", "summary.json", "model/model.json", "model/weights.safetensors"];

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = NasCommand.Create().Parse(["train", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private string RunRoot() => Path.Combine(data.Root, "runs-" + Guid.NewGuid().ToString("N"));

    private static JsonElement LastLineJson(string output) => JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;

    [Fact]
    public void Train_ImageOnIdxFiles_WritesRunDirectoryWithSavedModel()
    {
        var runs = RunRoot();
        var (exit, output, error) = Run("--genotype", ResNetLike, "--dataset", "mnist", "--data", data.Root, "--channels", "4", "--cells", "1", "--epochs", "2", "--batch-size", "16", "--out", runs, "--name", "img", "--json");
        Assert.True(exit == 0, error);
        Assert.Contains("epoch   1/2", output);
        Assert.Contains("img/s", output);
        var summary = LastLineJson(output);
        Assert.Equal(ResNetLike, summary.GetProperty("genotype").GetString());
        Assert.Equal("nb201", summary.GetProperty("space").GetString());
        Assert.Equal(48, summary.GetProperty("train_images").GetInt32());
        Assert.InRange(summary.GetProperty("test_accuracy").GetDouble(), 0, 100);

        var dir = Path.Combine(runs, "img");
        Assert.All(ImageRunFiles, f => Assert.True(File.Exists(Path.Combine(dir, f)), f));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
        var model = SavedModel.Load(dir);
        Assert.Equal(ResNetLike, model.Card.Genotype);
        Assert.Equal([1, 8, 8], model.Card.InputShape);
        Assert.Equal(summary.GetProperty("test_accuracy").GetDouble(), model.Card.Metrics["test_accuracy"], 6);
        Assert.Equal(summary.GetProperty("parameters").GetInt64(), model.Network.ParameterCount());
        using var options = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "options.json")));
        Assert.Equal(0.00625, options.RootElement.GetProperty("learning_rate").GetDouble(), 10);
    }

    [Theory]
    [InlineData("Genotype(normal=[('sep_conv_3x3', 0), ('skip_connect', 1), ('dil_conv_3x3', 0), ('max_pool_3x3', 2), ('skip_connect', 0), ('avg_pool_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('skip_connect', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 1)], reduce_concat=range(2, 6))", "darts", "standard")]
    [InlineData("Genotype(normal=[('sep_conv_3x3', 0), ('skip_connect', 1), ('dil_conv_3x3', 0), ('max_pool_3x3', 2), ('skip_connect', 0), ('avg_pool_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('skip_connect', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 1)], reduce_concat=range(2, 6))", "darts", "darts")]
    [InlineData("[3x3, xception, 5x5, 7x7, 3x3, 3x3]", "chain", "standard")]
    public void Train_GenotypeOfAnySpace_DetectsItAndSavesTheModel(string genotype, string space, string recipe)
    {
        var runs = RunRoot();
        string[] sizes = space == "darts" ? ["--channels", "4", "--cells", "3"] : [];
        var (exit, output, error) = Run(["--genotype", genotype, "--dataset", "mnist", "--data", data.Root, .. sizes, "--recipe", recipe, "--epochs", "1", "--batch-size", "16", "--out", runs, "--name", "m"]);
        Assert.True(exit == 0, error);
        Assert.Contains($"({space})", output);
        var model = SavedModel.Load(Path.Combine(runs, "m"));
        Assert.Equal(GenotypeText.ParseSpace(space), model.Card.Space);
        Assert.Equal(recipe == "darts", model.Card.Network.Auxiliary ?? false);
        Assert.Contains("nas predict --model", output);
    }

    [Fact]
    public void Train_TrainLimit_UsesTheFirstImagesOnly()
    {
        var (exit, output, error) = Run("--genotype", ResNetLike, "--dataset", "mnist", "--data", data.Root, "--channels", "4", "--cells", "1", "--epochs", "1", "--batch-size", "8", "--train-images", "16", "--out", RunRoot(), "--json");
        Assert.True(exit == 0, error);
        Assert.Equal(16, LastLineJson(output).GetProperty("train_images").GetInt32());
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void Train_LanguageModel_ReportsPerplexitiesAndWritesRunDirectory(string model)
    {
        var runs = RunRoot();
        var (exit, output, error) = Run("--task", "lm", "--data", data.Root, "--model", model, "--hidden", "8", "--layers", "1", "--epochs", "2", "--batch-size", "4", "--bptt", "6", "--weight-lr", "5", "--out", runs, "--name", "lm", "--json");
        Assert.True(exit == 0, error);
        Assert.Contains("valid ppl", output);
        var summary = LastLineJson(output);
        Assert.Equal(13, summary.GetProperty("vocabulary").GetInt32());
        Assert.Equal(0.2, summary.GetProperty("dropout").GetDouble(), 6);
        Assert.Equal(2, summary.GetProperty("valid_perplexity_by_epoch").GetArrayLength());
        Assert.True(summary.GetProperty("test_perplexity").GetDouble() > 1);
        var dir = Path.Combine(runs, "lm");
        Assert.All(RunFiles, f => Assert.True(File.Exists(Path.Combine(dir, f)), f));
        Assert.Contains("rnn.weight_hh_l0", Safetensors.Load(Path.Combine(dir, "weights.safetensors")).Tensors.Keys);
    }

    [Fact]
    public void Train_LanguageModelWithSearchedCell_TrainsTheCellAndReportsPerplexities()
    {
        var runs = RunRoot();
        var (exit, output, error) = Run("--task", "lm", "--data", data.Root, "--genotype", "tib:mul_sigmoid|add_tanh|highway", "--hidden", "8", "--epochs", "2", "--batch-size", "4", "--bptt", "6", "--weight-lr", "5", "--out", runs, "--name", "cell", "--json");
        Assert.True(exit == 0, error);
        var summary = LastLineJson(output);
        Assert.Equal("tib:mul_sigmoid|add_tanh|highway", summary.GetProperty("genotype").GetString());
        Assert.True(summary.GetProperty("has_hadamard").GetBoolean());
        Assert.Equal(2, summary.GetProperty("valid_perplexity_by_epoch").GetArrayLength());
        Assert.InRange(summary.GetProperty("test_perplexity").GetDouble(), 1, 13 * 4);
        var dir = Path.Combine(runs, "cell");
        Assert.All(RunFiles, f => Assert.True(File.Exists(Path.Combine(dir, f)), f));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
    }

    [Theory]
    [InlineData("--model", "gru")]
    [InlineData("--genotype", "tib:mul_sigmoid|add_tanh")]
    public void Train_LanguageModelWithDartsRecipe_RecordsRandomBpttAndNtAsgd(params string[] route)
    {
        var runs = RunRoot();
        var (exit, output, error) = Run(["--task", "lm", "--data", data.Root, .. route, "--hidden", "8", "--epochs", "4", "--batch-size", "4", "--bptt", "6", "--weight-lr", "5", "--random-bptt", "--asgd", "--nonmono", "1", "--out", runs, "--name", "darts", "--json"]);
        Assert.True(exit == 0, error);
        Assert.Contains("bptt 6 (drawn per window), lr 5, NT-ASGD (nonmono 1)", output, StringComparison.Ordinal);
        var summary = LastLineJson(output);
        Assert.True(summary.GetProperty("random_bptt").GetBoolean());
        Assert.True(summary.GetProperty("asgd").GetBoolean());
        // A switch needs more than nonmono earlier validations: after epoch 3 at the earliest.
        var switched = summary.GetProperty("asgd_switch_epoch");
        Assert.True(switched.ValueKind == JsonValueKind.Null || switched.GetInt32() is 3 or 4, switched.ToString());
        using var options = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "darts", "options.json")));
        Assert.True(options.RootElement.GetProperty("random_bptt").GetBoolean());
        Assert.Equal(1, options.RootElement.GetProperty("nonmono").GetInt32());
    }

    [Theory]
    [InlineData("is not a recurrent genotype", "--genotype", "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("--layers and --tied apply to --model lstm|gru", "--genotype", "tib:mul|highway", "--layers", "2")]
    public void Train_LanguageModelBadGenotypeUse_IsOneLine(string expected, params string[] args)
    {
        var (exit, _, error) = Run(["--task", "lm", "--data", data.Root, "--out", RunRoot(), .. args]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Train_ForecastWithACellWithEdges_BuildsTheEdgesAndCountsTheCell()
    {
        const string Genotype = "tib:add_tanh|mul_sigmoid|highway+e(mul,0->2)+e(skip,1->3)";
        var (exit, output, error) = Run("--task", "forecast", "--data", data.SeriesPath, "--genotype", Genotype, "--hidden", "6", "--window", "10", "--horizon", "2", "--epochs", "1", "--batch-size", "16", "--out", RunRoot(), "--json");
        Assert.True(exit == 0, error);
        Assert.Contains(Genotype, output, StringComparison.Ordinal);
        // The cell (an edge shares its target's projection: no weights of its own) plus the linear head 6 -> 2.
        var cell = NasSharp.Search.Spaces.Tib.TibCost.Parameters(NasSharp.Search.Spaces.Tib.TibGenotype.Parse(Genotype), 2, 6);
        Assert.Equal(cell + (6 * 2) + 2, LastLineJson(output).GetProperty("parameters").GetInt64());
        Assert.Equal(Genotype, LastLineJson(output).GetProperty("model").GetString());
        Assert.True(LastLineJson(output).GetProperty("test_rse").GetDouble() > 0);
    }

    [Fact]
    public void Train_Forecast_ReportsRseAndCorrAndWritesRunDirectory()
    {
        var runs = RunRoot();
        var (exit, output, error) = Run("--task", "forecast", "--data", data.SeriesPath, "--model", "gru", "--hidden", "6", "--window", "10", "--horizon", "2", "--epochs", "2", "--batch-size", "16", "--out", runs, "--name", "fc", "--json");
        Assert.True(exit == 0, error);
        Assert.Contains("valid RSE", output);
        var summary = LastLineJson(output);
        Assert.Equal(2, summary.GetProperty("variables").GetInt32());
        Assert.True(summary.GetProperty("test_rse").GetDouble() > 0);
        Assert.Equal(2, summary.GetProperty("horizon").GetInt32());
        Assert.Equal(0, summary.GetProperty("dropout").GetDouble());
        var dir = Path.Combine(runs, "fc");
        Assert.All(RunFiles, f => Assert.True(File.Exists(Path.Combine(dir, f)), f));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
    }

    [Theory]
    [InlineData("'imagenet'", "--genotype", ResNetLike, "--dataset", "imagenet")]
    [InlineData("bogus", "--genotype", "|nor_conv_3x3~0|+|bogus~0|none~1|", "--dataset", "synthetic")]
    [InlineData("--genotype is required", "--dataset", "synthetic")]
    [InlineData("'resnet50'", "--genotype", "resnet50")]
    [InlineData("'nasnet'", "--genotype", ResNetLike, "--space", "nasnet")]
    [InlineData("--recipe darts trains DARTS-space genotypes only", "--genotype", ResNetLike, "--recipe", "darts")]
    [InlineData("'adam'", "--genotype", ResNetLike, "--recipe", "adam")]
    [InlineData("do not apply to the chain space", "--genotype", "[3x3, 3x3, 3x3, 3x3, 3x3, 3x3]", "--channels", "8")]
    [InlineData("'speech'", "--task", "speech")]
    [InlineData("'rnn'", "--task", "lm", "--model", "rnn")]
    [InlineData("'huber'", "--task", "forecast", "--loss", "huber")]
    [InlineData("--epochs must be positive", "--genotype", ResNetLike, "--epochs", "0")]
    [InlineData("--dropout must be in [0, 1)", "--task", "lm", "--dropout", "1")]
    [InlineData("--random-bptt and --asgd apply to --task lm", "--task", "forecast", "--asgd")]
    [InlineData("--nonmono sets the switch rule of --asgd", "--task", "lm", "--nonmono", "3")]
    [InlineData("--nonmono must be positive", "--task", "lm", "--asgd", "--nonmono", "0")]
    public void Train_BadValue_OneLineErrorNamingItAndExitCode2(string named, params string[] args)
    {
        var (exit, output, error) = Run([.. args, "--out", RunRoot()]);
        Assert.Equal(2, exit);
        Assert.StartsWith("nas train: ", error, StringComparison.Ordinal);
        Assert.Contains(named, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(string.Empty, output.Trim());
    }

    [Theory]
    [InlineData("image", "--genotype", ResNetLike, "--dataset", "fashion-mnist")]
    [InlineData("lm")]
    [InlineData("forecast")]
    public void Train_MissingDataDirectory_ErrorNamesIt(string task, params string[] args)
    {
        var missing = Path.Combine(data.Root, "absent");
        var (exit, _, error) = Run(["--task", task, .. args, "--data", missing, "--out", RunRoot()]);
        Assert.Equal(2, exit);
        Assert.Contains("absent", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Bind_NoDataOption_FallsBackToTheEnvironmentDirectory()
    {
        var fromEnvironment = TrainCommand.Bind(NasCommand.Create().Parse(["train", "--task", "lm"]), "env-dir");
        Assert.Equal("env-dir", fromEnvironment.Data);
        Assert.Null(fromEnvironment.Epochs);
        var explicitData = TrainCommand.Bind(NasCommand.Create().Parse(["train", "--task", "lm", "--data", "given"]), "env-dir");
        Assert.Equal("given", explicitData.Data);
    }
}

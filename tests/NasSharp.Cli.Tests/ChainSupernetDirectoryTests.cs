using System.Globalization;
using System.Text.Json;
using NasSharp.Search.Spaces.Chain;

namespace NasSharp.Cli.Tests;

/// <summary>
/// The chain space in supernet directories (issue 17, item 4): <c>nas supernet train --space chain</c>, <c>split</c> on a
/// layer, <c>nas groundtruth --space chain</c>, <c>nas rank</c> and <c>nas search --supernet</c> on the directory.
/// </summary>
public sealed class ChainSupernetDirectoryTests(TinyChainSupernet chain) : IClassFixture<TinyChainSupernet>, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-cli-chain-runs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Train_ChainSpace_RecordsTheSpaceAndItsSkeletonInTheManifest()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(chain.Path, "supernet.json")));
        Assert.Equal("chain", manifest.RootElement.GetProperty("space").GetString());
        var skeleton = manifest.RootElement.GetProperty("chain");
        Assert.Equal(new ChainSpaceOptions().StageChannels, skeleton.GetProperty("stage_channels").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(10, skeleton.GetProperty("classes").GetInt32());
    }

    [Fact]
    public void Split_Layer0_OneSubSupernetPerBlockNamedByIt()
    {
        Assert.Equal(["0-0-3x3", "1-0-5x5", "2-0-7x7", "3-0-xception"], Directory.GetDirectories(Path.Combine(chain.Path, "splits")).Select(Path.GetFileName).Order());
        Assert.True(File.Exists(Path.Combine(chain.Path, "splits", "2-0-7x7", "weights.safetensors")));
        Assert.Contains("sub-supernet 2 (0:7x7) trained: 1 epochs", chain.SplitOutput, StringComparison.Ordinal);
        Assert.Contains("4 of 4 sub-supernets trained by this process", chain.SplitOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--edge 6 --split 0", "split layer 6 is out of range 0..5")]
    [InlineData("--edge 0 --split 4", "split index 4 is out of range 0..3 (layer 0 has 4 blocks: 0 3x3, 1 5x5, 2 7x7, 3 xception)")]
    [InlineData("--edge 1 --split 0", "split layer 0, not 1")]
    public void Split_BadLayerOrBlock_OneLineNamingItExitTwo(string arguments, string expected)
    {
        var (exit, _, error) = CliRunner.Run(["supernet", "split", "--dir", chain.Path, .. arguments.Split(' '), "--store", chain.Store]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Train_ChainWithNb201SkeletonOption_OneLineExitTwo()
    {
        var (exit, _, error) = CliRunner.Run(["supernet", "train", "--space", "chain", "--dir", Path.Combine(root, "s"), "--channels", "4", .. TinyChainSupernet.Sizes]);
        Assert.Equal(2, exit);
        Assert.StartsWith("nas supernet train: --channels sizes NAS-Bench-201 skeletons", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void GroundTruth_ChainSample_TwoPerBlockOfLayer0AndARerunSkipsThem()
    {
        var rows = TruthRows();
        Assert.Equal(8, rows.Count);
        Assert.Equal(8, rows.Select(r => r.Genotype).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(ChainGenotype.Name(ChainGenotype.Parse(r.Genotype).Choices[0]), r.FirstLayer));
        Assert.All(Enum.GetValues<ChainChoice>(), c => Assert.Equal(2, rows.Count(r => r.FirstLayer == ChainGenotype.Name(c))));
        Assert.All(rows, r => Assert.InRange(r.TestAccuracy, 0, 100));

        var again = CliRunner.Ok(["groundtruth", "--space", "chain", "--sample", "8", "--epochs", "1", "--test-images", "40", .. TinyChainSupernet.Sizes, "--store", chain.Store, "--out", chain.Truth]);
        Assert.Contains("8 already in", again, StringComparison.Ordinal);
        Assert.Equal(9, File.ReadAllLines(Path.Combine(chain.Truth, "groundtruth.csv")).Length);
    }

    [Fact]
    public void GroundTruth_ChainGenotypesGiven_TrainsExactlyThose()
    {
        var out1 = Path.Combine(root, "given");
        string[] genotypes = ["[7x7, 3x3, 3x3, 5x5, xception, 3x3]", "[3x3, 3x3, 3x3, 3x3, 3x3, 3x3]"];
        CliRunner.Ok(["groundtruth", "--space", "chain", "--genotype", .. genotypes, "--epochs", "1", "--test-images", "40", .. TinyChainSupernet.Sizes, "--store", Path.Combine(root, "nas.db"), "--out", out1]);
        Assert.Equal(genotypes.Order(), TruthRows(out1).Select(r => r.Genotype).Order());
    }

    [Theory]
    [InlineData("|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData("[3x3, 5x5]")]
    public void GroundTruth_GenotypeNotOfTheChainSkeleton_OneLineExitTwo(string genotype)
    {
        var (exit, _, error) = CliRunner.Run(["groundtruth", "--space", "chain", "--genotype", genotype, .. TinyChainSupernet.Sizes, "--store", Path.Combine(root, "nas.db"), "--out", Path.Combine(root, "bad")]);
        Assert.Equal(2, exit);
        Assert.StartsWith($"nas groundtruth: --genotype '{genotype}' is not a chain genotype of 6 layers", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Rank_ChainDirectoryAgainstItsGroundTruth_ScoresEveryArchitectureWithEachView()
    {
        var fewShotScores = Path.Combine(root, "fewshot.csv");
        var oneShotScores = Path.Combine(root, "oneshot.csv");
        Directory.CreateDirectory(root);
        // The tiny networks predict one class on the 40 test images, so the test loss is what orders them.
        var output = CliRunner.Ok("rank", chain.Path, chain.Truth, "--score-b", "test_loss", "--scores-out", fewShotScores, "--json");
        CliRunner.Ok("rank", chain.Truth, chain.Path, "--score-a", "test_loss", "--supernet-view", "oneshot", "--scores-out", oneShotScores);

        Assert.Contains(output.Split('\n'), l => l.StartsWith("matched   8", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Contains("few-shot", json.RootElement.GetProperty("a").GetString(), StringComparison.Ordinal);
        Assert.InRange(json.RootElement.GetProperty("kendall_tau_b").GetDouble(), -1, 1);
        var truth = TruthRows().Select(r => r.Genotype).ToList();
        var few = Scores(fewShotScores);
        var one = Scores(oneShotScores);
        Assert.Equal(truth, few.Keys);
        Assert.Equal(truth, one.Keys);
        Assert.All(few.Values, s => Assert.InRange(s, 0, 100));
        // The sub-supernets were trained one more epoch from the one-shot weights: their scores are their own.
        Assert.NotEqual(few.Values, one.Values);
    }

    [Theory]
    [InlineData("fewshot", "rea")]
    [InlineData("oneshot", "reinforce")]
    public void Search_ChainDirectory_SearchesChainGenotypesAndSavesTheWinner(string evaluator, string strategy)
    {
        var name = evaluator + "-" + strategy;
        var output = CliRunner.Ok("search", "--evaluator", evaluator, "--supernet", chain.Path, "--strategy", strategy, "--budget", "10", "--final-epochs", "1", "--out", root, "--name", name, "--json");
        using var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("chain", summary.RootElement.GetProperty("space").GetString());
        Assert.Equal($"{evaluator}_valid_accuracy", summary.RootElement.GetProperty("search_metric").GetString());
        var winner = ChainGenotype.Parse(summary.RootElement.GetProperty("genotype").GetString()!);
        Assert.Equal(6, winner.Layers);

        var run = Path.Combine(root, name);
        var trials = File.ReadAllLines(Path.Combine(run, "trials.csv"));
        Assert.Equal(1 + 10, trials.Length);
        Assert.StartsWith("repeat,seed,trial,genotype,search,", trials[0], StringComparison.Ordinal);
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "model", "model.json")));
        Assert.Equal("chain", card.RootElement.GetProperty("space").GetString());
        Assert.Equal(winner.ToString(), card.RootElement.GetProperty("genotype").GetString());
        Assert.Contains("%", CliRunner.Ok("predict", "--model", run), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_ChainDirectoryResumed_ReplaysTheRecordedTrials()
    {
        CliRunner.Ok("search", "--evaluator", "fewshot", "--supernet", chain.Path, "--strategy", "random", "--budget", "6", "--final-epochs", "1", "--out", root, "--name", "again");
        var first = File.ReadAllLines(Path.Combine(root, "again", "trials.csv"));
        var resumed = CliRunner.Ok("search", "--resume", "again", "--out", root);
        Assert.Contains("resuming", resumed, StringComparison.Ordinal);
        Assert.Equal(first.Select(l => l.Split(',')[..4]), File.ReadAllLines(Path.Combine(root, "again", "trials.csv")).Select(l => l.Split(',')[..4]));
    }

    private List<(string Genotype, double TestAccuracy, string FirstLayer)> TruthRows(string? directory = null)
    {
        using var reader = new StreamReader(Path.Combine(directory ?? chain.Truth, "groundtruth.csv"));
        Assert.Equal("genotype,test_accuracy,valid_accuracy,train_accuracy,test_loss,train_seconds,first_layer,params", reader.ReadLine());
        var rows = new List<(string, double, string)>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            // "[3x3, ...]",test,valid,train,loss,seconds,first_layer,params: the quoted genotype holds commas.
            var close = line.IndexOf("\",", StringComparison.Ordinal);
            var fields = line[(close + 2)..].Split(',');
            rows.Add((line[1..close], double.Parse(fields[0], CultureInfo.InvariantCulture), fields[5]));
        }

        return rows;
    }

    private static Dictionary<string, double> Scores(string path)
    {
        var scores = new Dictionary<string, double>();
        foreach (var line in File.ReadAllLines(path).Skip(1))
        {
            var comma = line.LastIndexOf(',');
            scores.Add(line[..comma].Trim('"'), double.Parse(line[(comma + 1)..], CultureInfo.InvariantCulture));
        }

        return scores;
    }
}

using NasSharp.Search.Benchmarks;

namespace NasSharp.Cli.Tests;

public sealed class GroundTruthCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-cli-gt-" + Guid.NewGuid().ToString("N"));

    public GroundTruthCommandTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void GroundTruth_WritesATableAndARerunSkipsWhatIsDone()
    {
        var dir = Path.Combine(root, "truth");
        var file = Path.Combine(dir, "groundtruth.csv");
        string[] args = ["groundtruth", "--sample", "7", "--epochs", "1", "--test-images", "40", .. TinySupernet.Sizes, "--out", dir];
        CliRunner.Ok(args);

        var table = Nb201Table.Load(file);
        Assert.Equal(7, table.Count);
        Assert.All(table.Genotypes(), g => Assert.InRange(table.Get(g, "test_accuracy"), 0, 100));
        Assert.Equal(Enumerable.Range(0, 7), table.Genotypes().Select(g => (int)table.Get(g, "conv_count")).Order());

        var again = CliRunner.Ok(args);
        Assert.Contains("7 already in", again, StringComparison.Ordinal);
        Assert.Equal(8, File.ReadAllLines(file).Length);
        Assert.StartsWith("genotype,op_indices,", File.ReadLines(file).First(), StringComparison.Ordinal);
    }

    [Fact]
    public void GroundTruthUnit_Nb201_PayloadAsStudiesMadeBeforeTheChainSpaceRecordedIt()
    {
        // A study reopened by a rerun must compare equal to its stored options: experiments/fewshot/nas.db holds this text.
        var unit = new GroundTruthUnit { Dataset = "fashion-mnist", TrainImages = 10000, ValidImages = 1000, TestImages = 5000, BatchSize = 64, Channels = 8, Cells = 1, Epochs = 1, LearningRate = 0.05f, Seed = 0 };
        Assert.Equal("""{"dataset":"fashion-mnist","data":null,"train_images":10000,"valid_images":1000,"test_images":5000,"batch_size":64,"channels":8,"cells":1,"epochs":1,"lr":0.05,"seed":0}""", unit.ToJson());
        var chain = unit with { Channels = 0, Cells = 0, Space = NasSharp.Search.Pipelines.SearchSpaceKind.Chain, Chain = new NasSharp.Search.Spaces.Chain.ChainSpaceOptions() };
        Assert.Contains("\"space\":\"chain\"", chain.ToJson(), StringComparison.Ordinal);
        Assert.Equal(chain, GroundTruthUnit.Parse(chain.ToJson()));
    }

    [Fact]
    public void GroundTruth_SampleSeed_TrainsTheSameArchitecturesWithAnotherSeed()
    {
        string[] common = ["groundtruth", "--sample", "7", "--epochs", "1", "--test-images", "40", "--threads", "1", .. TinySupernet.Sizes];
        CliRunner.Ok([.. common, "--seed", "0", "--out", Path.Combine(root, "s0")]);
        CliRunner.Ok([.. common, "--seed", "1", "--sample-seed", "0", "--out", Path.Combine(root, "s1")]);
        CliRunner.Ok([.. common, "--seed", "1", "--out", Path.Combine(root, "own")]);

        var (s0, s1, own) = (Nb201Table.Load(Path.Combine(root, "s0", "groundtruth.csv")), Nb201Table.Load(Path.Combine(root, "s1", "groundtruth.csv")), Nb201Table.Load(Path.Combine(root, "own", "groundtruth.csv")));
        Assert.Equal(s0.Genotypes().Order(), s1.Genotypes().Order());
        Assert.NotEqual(s0.Genotypes().Order(), own.Genotypes().Order());
        // Another training seed: the same architectures train to other accuracies.
        Assert.Contains(s0.Genotypes(), g => s0.Get(g, "test_accuracy") != s1.Get(g, "test_accuracy"));
    }

    [Fact]
    public void GroundTruth_OutNamingACsvFile_GetsAOneLineHintToPassADirectory()
    {
        var (exit, _, error) = CliRunner.Run(["groundtruth", "--sample", "7", .. TinySupernet.Sizes, "--out", Path.Combine(root, "gt.csv")]);
        Assert.Equal(2, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("--out is a directory", error, StringComparison.Ordinal);
        Assert.Contains("pass --out " + Path.Combine(root, "gt"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void GroundTruth_TableOfAnOlderVersionWithArchHeader_IsAppendedTo()
    {
        var dir = Path.Combine(root, "old");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "groundtruth.csv");
        File.WriteAllText(file, "arch,op_indices,conv_count,test_accuracy,valid_accuracy,train_accuracy,test_loss,train_seconds\n");
        var output = CliRunner.Ok(["groundtruth", "--genotype", "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|", "--epochs", "1", "--test-images", "40", .. TinySupernet.Sizes, "--out", dir]);
        Assert.Contains("ground truth written to", output, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(file).Length);
        Assert.Equal(1, Nb201Table.Load(file).Count);
    }

    [Fact]
    public void GroundTruth_ForeignFile_IsNotOverwritten()
    {
        var file = Path.Combine(root, "groundtruth.csv");
        File.WriteAllText(file, "a,b\n1,2\n");
        var (exit, _, error) = CliRunner.Run(["groundtruth", "--sample", "7", .. TinySupernet.Sizes, "--out", root]);
        Assert.Equal(2, exit);
        Assert.Contains("not a ground-truth table", error, StringComparison.Ordinal);
        Assert.Equal("a,b\n1,2\n", File.ReadAllText(file));
    }
}

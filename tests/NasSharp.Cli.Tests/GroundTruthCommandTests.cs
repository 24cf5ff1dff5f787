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
        var file = Path.Combine(root, "truth.csv");
        string[] args = ["groundtruth", "--sample", "7", "--epochs", "1", "--test-images", "40", .. TinySupernet.Sizes, "--out", file];
        CliRunner.Ok(args);

        var table = Nb201Table.Load(file);
        Assert.Equal(7, table.Count);
        Assert.All(table.Genotypes(), g => Assert.InRange(table.Get(g, "test_accuracy"), 0, 100));
        Assert.Equal(Enumerable.Range(0, 7), table.Genotypes().Select(g => (int)table.Get(g, "conv_count")).Order());

        var again = CliRunner.Ok(args);
        Assert.Contains("7 already in", again, StringComparison.Ordinal);
        Assert.Equal(8, File.ReadAllLines(file).Length);
    }

    [Fact]
    public void GroundTruth_ForeignFile_IsNotOverwritten()
    {
        var file = Path.Combine(root, "other.csv");
        File.WriteAllText(file, "a,b\n1,2\n");
        var (exit, _, error) = CliRunner.Run(["groundtruth", "--sample", "7", .. TinySupernet.Sizes, "--out", file]);
        Assert.Equal(2, exit);
        Assert.Contains("not a ground-truth table", error, StringComparison.Ordinal);
        Assert.Equal("a,b\n1,2\n", File.ReadAllText(file));
    }
}

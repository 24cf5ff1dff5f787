using NasSharp.Store;

namespace NasSharp.Cli.Tests;

/// <summary>The in-process half of issue 15: divergence, non-finite rows, budgets, output paths and named runs, each one line and its exit code.</summary>
public sealed class ReliabilityTests(SyntheticTable table) : IClassFixture<SyntheticTable>
{
    private const string Arch = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";

    private string RunRoot() => Path.Combine(table.Root, "runs-" + Guid.NewGuid().ToString("N"));

    private static string[] TinyTrain(string runs, string lr) =>
        ["train", "--genotype", Arch, "--channels", "4", "--cells", "1", "--epochs", "2", "--batch-size", "16", "--train-images", "64", "--weight-lr", lr, "--out", runs, "--name", "t"];

    [Theory]
    [InlineData("1000")]
    [InlineData("1e30")]
    public void Train_HugeLearningRate_ExitsThreeWithOneLineAndNoWeights(string lr)
    {
        var runs = RunRoot();
        var (exit, output, error) = CliRunner.Run(TinyTrain(runs, lr));
        Assert.True(exit == NasCommand.Diverged, $"exit {exit}: {error}\n{output}");
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("nas: training diverged at step ", line);
        Assert.Contains("--weight-lr", line);
        var dir = Path.Combine(runs, "t");
        Assert.False(File.Exists(Path.Combine(dir, "weights.safetensors")));
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
        if (Directory.Exists(dir))
        {
            Assert.Equal(RunStatus.Failed, RunDirectory.ReadStatus(dir));
            Assert.StartsWith("training diverged", RunDirectory.ReadReason(dir));
        }
    }

    [Fact]
    public void Train_SaneLearningRate_CompletesAndRecordsStatus()
    {
        var runs = RunRoot();
        var (exit, _, error) = CliRunner.Run(TinyTrain(runs, "0.05"));
        Assert.True(exit == 0, error);
        Assert.Equal(RunStatus.Complete, RunDirectory.ReadStatus(Path.Combine(runs, "t")));
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    public void Rank_NonFiniteScore_RefusesNamingFileLineAndColumn(string value)
    {
        var a = Path.Combine(table.Root, $"a-{Guid.NewGuid():N}.csv");
        File.WriteAllText(a, $"arch,test_accuracy\n\"{Arch}\",91.5\n\"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|\",{value}\n");
        var (exit, _, error) = CliRunner.Run("rank", a, table.Path);
        Assert.Equal(2, exit);
        Assert.Contains($"{a} line 3: score '{value}' in column 'test_accuracy' is not a finite number", error);
    }

    [Theory]
    [InlineData("1000000000000", "nas: --budget: '1000000000000' is not a whole number from -2147483648 to 2147483647")]
    [InlineData("2000000000", "nas search: --budget 2000000000 exceeds the 15,625 architectures of the nb201 space; use at most 15625")]
    [InlineData("ten", "nas: --budget: 'ten' is not a whole number from -2147483648 to 2147483647")]
    public void Search_BudgetOutOfRange_OneLineExitTwo(string budget, string expected)
    {
        var (exit, _, error) = CliRunner.Run("search", "--table", table.Path, "--budget", budget, "--out", RunRoot());
        Assert.Equal(2, exit);
        Assert.Equal(expected, error.TrimEnd());
    }

    [Fact]
    public void Search_MethodOnlyOptionWithoutMethod_OneLineExitTwo()
    {
        var (exit, _, error) = CliRunner.Run("search", "--final-lr", "1000", "--out", RunRoot());
        Assert.Equal(2, exit);
        Assert.Equal("nas search: --final-lr applies to --method searches only (nas search --help lists the methods); add --method M or leave it out", error.TrimEnd());
    }

    [Theory]
    [InlineData("--channels", "8")]
    [InlineData("--budget", "10")]
    [InlineData("--train-images", "128")]
    public void Search_ImageOptionOnRecurrentSpace_OneLineExitTwo(string option, string value)
    {
        var (exit, output, error) = CliRunner.Run("search", "--space", "tib", "--task", "forecast", option, value, "--out", RunRoot());
        Assert.Equal(2, exit);
        Assert.Equal($"nas search: {option} does not apply to a recurrent search (--space tib); leave it out (nas search --help says which options each search reads)", error.TrimEnd());
        Assert.DoesNotContain("epoch", output);
    }

    [Fact]
    public void Search_MethodWithHugeFinalLearningRate_ExitsThreeNamingTheOption()
    {
        var (exit, _, error) = CliRunner.Run("search", "--method", "darts", "--epochs", "1", "--channels", "4", "--train-images", "128", "--test-images", "64", "--final-epochs", "1", "--final-lr", "1000", "--out", RunRoot());
        Assert.Equal(3, exit);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("nas: training diverged at step ", line, StringComparison.Ordinal);
        Assert.EndsWith("try a lower --final-lr", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OutIsAFile_OneLineNamingThePath()
    {
        var file = Path.Combine(table.Root, $"plain-{Guid.NewGuid():N}");
        File.WriteAllText(file, "x");
        var (exit, _, error) = CliRunner.Run(TinyTrain(file, "0.05"));
        Assert.Equal(2, exit);
        Assert.Equal($"nas train: cannot create run directories under {file}: it is a file, not a directory", error.TrimEnd());
    }

    [Fact]
    public void Search_SameNameTwice_SecondRefusedFirstKept()
    {
        var runs = RunRoot();
        string[] args = ["search", "--table", table.Path, "--budget", "5", "--out", runs, "--name", "same"];
        CliRunner.Ok(args);
        var (exit, _, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("already exists", error);
        Assert.Equal(RunStatus.Complete, RunDirectory.ReadStatus(Path.Combine(runs, "same")));
        Assert.False(Directory.Exists(Path.Combine(runs, "same-2")));
    }

    [Fact]
    public void Search_HeaderOnlyTable_FailsAndLeavesNoRunDirectory()
    {
        var runs = RunRoot();
        var empty = Path.Combine(table.Root, $"empty-{Guid.NewGuid():N}.csv");
        File.WriteAllText(empty, "arch,cifar10_valid_12ep,cifar10_test\n");
        var (exit, _, _) = CliRunner.Run("search", "--table", empty, "--budget", "5", "--out", runs, "--name", "e");
        Assert.Equal(2, exit);
        Assert.False(Directory.Exists(Path.Combine(runs, "e")));
    }
}

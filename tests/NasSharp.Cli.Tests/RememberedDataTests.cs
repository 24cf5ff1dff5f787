using System.Globalization;
using System.Text.Json;
using NasSharp.Search.Spaces;

namespace NasSharp.Cli.Tests;

/// <summary>
/// A supernet directory remembers the data directory it was trained from, so the commands that read it later run
/// without --data (the README's commands, as written). NASSHARP_DATA is cleared for the test so that it cannot
/// stand in for the remembered directory (and the class runs alone, since it changes the environment).
/// </summary>
[Collection(nameof(RememberedDataTests))]
[CollectionDefinition(nameof(RememberedDataTests), DisableParallelization = true)]
public sealed class RememberedDataTests(TrainData data) : IClassFixture<TrainData>, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-remember-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void SupernetDirectory_TrainedFromDataDirectory_ResumeSplitSearchAndRankNeedNoData()
    {
        var saved = Environment.GetEnvironmentVariable(SearchCommand.DataEnvironmentVariable);
        Environment.SetEnvironmentVariable(SearchCommand.DataEnvironmentVariable, null);
        try
        {
            var super = Path.Combine(root, "super");
            CliRunner.Ok("supernet", "train", "--dir", super, "--dataset", "mnist", "--data", data.Root, "--epochs", "1", "--channels", "4", "--cells", "1", "--valid-images", "16", "--batch-size", "16");
            using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(super, "supernet.json"))))
            {
                Assert.Equal(Path.GetFullPath(data.Root), manifest.RootElement.GetProperty("data_directory").GetString());
                Assert.Equal("mnist", manifest.RootElement.GetProperty("dataset").GetString());
            }

            Assert.Contains("resuming", CliRunner.Ok("supernet", "train", "--dir", super, "--resume"), StringComparison.Ordinal);
            CliRunner.Ok("supernet", "split", "--dir", super, "--edge", "0", "--epochs", "1");
            var search = CliRunner.Ok("search", "--evaluator", "fewshot", "--supernet", super, "--strategy", "random", "--budget", "4", "--out", Path.Combine(root, "runs"), "--name", "s");
            Assert.Contains("mnist", search, StringComparison.Ordinal);

            var truth = Path.Combine(root, "gt.csv");
            File.WriteAllLines(truth, ["genotype,test_accuracy", .. Enumerable.Range(0, 6).Select(i => string.Create(CultureInfo.InvariantCulture, $"{new Nb201Genotype(i * 2500)},{50 + i}"))]);
            Assert.Contains("matched", CliRunner.Ok("rank", super, truth), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SearchCommand.DataEnvironmentVariable, saved);
        }
    }

    [Fact]
    public void SupernetDirectory_RememberedDataMoved_ExplicitDataWins()
    {
        var copy = Path.Combine(root, "copy");
        Directory.CreateDirectory(Path.Combine(copy, "mnist"));
        foreach (var file in Directory.GetFiles(Path.Combine(data.Root, "mnist")))
        {
            File.Copy(file, Path.Combine(copy, "mnist", Path.GetFileName(file)));
        }

        var super = Path.Combine(root, "moved");
        CliRunner.Ok("supernet", "train", "--dir", super, "--dataset", "mnist", "--data", copy, "--epochs", "1", "--channels", "4", "--cells", "1", "--valid-images", "16", "--batch-size", "16");
        Directory.Delete(copy, recursive: true);

        var (exit, _, error) = CliRunner.Run("supernet", "split", "--dir", super, "--split", "0", "--epochs", "1");
        Assert.Equal(2, exit);
        Assert.Contains("copy", error, StringComparison.Ordinal);
        CliRunner.Ok("supernet", "split", "--dir", super, "--split", "0", "--epochs", "1", "--data", data.Root);
    }
}

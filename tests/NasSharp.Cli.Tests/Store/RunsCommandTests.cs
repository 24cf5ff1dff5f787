namespace NasSharp.Cli.Tests.Store;

public sealed class RunsCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-runs-" + Guid.NewGuid().ToString("N"));

    public RunsCommandTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Runs_TwoGroundTruths_ListShowCompareAndExportTheirTrials()
    {
        var store = Path.Combine(root, "nas.db");
        string[] sizes = ["--epochs", "1", "--channels", "4", "--cells", "1", "--train-images", "64", "--valid-images", "40", "--test-images", "40", "--batch-size", "32", "--store", store];
        const string Conv = "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|skip_connect~1|nor_conv_3x3~2|";
        const string Pool = "|avg_pool_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";
        CliRunner.Ok(["groundtruth", "--genotype", Conv, Pool, .. sizes, "--out", Path.Combine(root, "a"), "--name", "a"]);
        CliRunner.Ok(["groundtruth", "--genotype", Conv, .. sizes, "--out", Path.Combine(root, "b"), "--name", "b"]);

        var list = CliRunner.Ok("runs", "list", "--store", store);
        Assert.Contains("2/2", list, StringComparison.Ordinal);
        Assert.Contains("1/1", list, StringComparison.Ordinal);
        Assert.Contains("test_accuracy", CliRunner.Ok("runs", "show", "a", "--store", store), StringComparison.Ordinal);
        var compare = CliRunner.Ok("runs", "compare", "a", "b", "--store", store);
        Assert.Contains("best genotype", compare, StringComparison.Ordinal);

        var csv = CliRunner.Ok("runs", "export", "a", "--csv", "--store", store).Trim().Split('\n');
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("number,state,attempt,worker_id,kind,genotype,test_accuracy", csv[0], StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(CliRunner.Ok("runs", "export", "b", "--json", "--store", store));
        Assert.Equal(1, json.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Equal("complete", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void Runs_UnknownRunOrBadStore_OneLineAndExitCode2()
    {
        var (exit, _, error) = CliRunner.Run("runs", "show", "nope", "--store", Path.Combine(root, "nas.db"));
        Assert.Equal((2, "nas runs show: no run 'nope'"), (exit, error[..28]));
        (exit, _, error) = CliRunner.Run("runs", "list", "--store", "nonsense");
        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("'nonsense' is not a store", error, StringComparison.Ordinal);
    }
}

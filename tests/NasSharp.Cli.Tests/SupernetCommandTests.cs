namespace NasSharp.Cli.Tests;

public sealed class SupernetCommandTests(TinySupernet supernet) : IClassFixture<TinySupernet>, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TrainAndSplit_WriteTheDocumentedLayout()
    {
        Assert.True(File.Exists(Path.Combine(supernet.Path, "supernet.json")));
        foreach (var file in new[] { "checkpoint.safetensors", "weights.safetensors", "state.json" })
        {
            Assert.True(File.Exists(Path.Combine(supernet.Path, "oneshot", file)), file);
            Assert.True(File.Exists(Path.Combine(supernet.Path, "splits", "3-0-nor_conv_3x3", file)), file);
        }

        Assert.Equal(5, Directory.GetDirectories(Path.Combine(supernet.Path, "splits")).Length);
    }

    [Fact]
    public void Split_OfADirectoryDeletedAndTrainedAgain_TrainsTheSubSupernetAgain()
    {
        // The store remembers the first directory's unit as complete; its weights are gone with the directory.
        var dir = Path.Combine(root, "super");
        var store = Path.Combine(root, "nas.db");
        string[] split = ["supernet", "split", "--dir", dir, "--edge", "0", "--split", "2", "--epochs", "1", "--store", store];
        CliRunner.Ok(["supernet", "train", "--dir", dir, "--epochs", "1", .. TinySupernet.Sizes]);
        CliRunner.Ok(split);
        var first = File.ReadAllBytes(Path.Combine(dir, "splits", "2-0-nor_conv_1x1", "weights.safetensors"));
        Directory.Delete(dir, recursive: true);
        CliRunner.Ok(["supernet", "train", "--dir", dir, "--epochs", "1", .. TinySupernet.Sizes]);

        var output = CliRunner.Ok(split);

        Assert.Contains("1 enqueued", output, StringComparison.Ordinal);
        Assert.Contains("1 of 1 sub-supernets trained by this process", output, StringComparison.Ordinal);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(dir, "splits", "2-0-nor_conv_1x1", "weights.safetensors")));
    }

    [Fact]
    public void Split_IndexOutOfRange_NamesItAndExitsTwo()
    {
        var (exit, _, error) = CliRunner.Run("supernet", "split", "--dir", supernet.Path, "--split", "7");
        Assert.Equal(2, exit);
        Assert.StartsWith("nas supernet split: split index 7 is out of range 0..4", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Split_MissingDirectory_NamesIt()
    {
        var missing = Path.Combine(root, "absent");
        var (exit, _, error) = CliRunner.Run("supernet", "split", "--dir", missing, "--split", "0");
        Assert.Equal(2, exit);
        Assert.Contains("absent", error, StringComparison.Ordinal);
        Assert.Contains("not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_AnotherEdgeOfTheSameParent_IsRefused()
    {
        var (exit, _, error) = CliRunner.Run("supernet", "split", "--dir", supernet.Path, "--edge", "3", "--split", "0");
        Assert.Equal(2, exit);
        Assert.Contains("split edge 0, not 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhileAnotherWriterHoldsTheSupernet_StopsNamingTheDirectoryInUse()
    {
        var oneshot = Path.Combine(supernet.Path, "oneshot");
        using (NasSharp.Store.RunDirectoryLock.Acquire(oneshot))
        {
            var (exit, _, error) = CliRunner.Run("supernet", "train", "--dir", supernet.Path, "--resume");
            Assert.Equal(2, exit);
            Assert.Contains($"directory {oneshot} is in use by process", error, StringComparison.Ordinal);
        }

        Assert.Contains("resuming", CliRunner.Ok("supernet", "train", "--dir", supernet.Path, "--resume"), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_AgainWithoutResume_RefusesAndWithResumeFinishesAtOnce()
    {
        var (exit, _, error) = CliRunner.Run(["supernet", "train", "--dir", supernet.Path, "--epochs", "1", .. TinySupernet.Sizes]);
        Assert.Equal(2, exit);
        Assert.Contains("--resume", error, StringComparison.Ordinal);
        var output = CliRunner.Ok("supernet", "train", "--dir", supernet.Path, "--resume");
        Assert.Contains("resuming", output, StringComparison.Ordinal);
        Assert.Contains("1 epochs", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OtherSettingsInAnExistingDirectory_AreRefused()
    {
        var (exit, _, error) = CliRunner.Run(["supernet", "train", "--dir", supernet.Path, "--epochs", "3", .. TinySupernet.Sizes]);
        Assert.Equal(2, exit);
        Assert.Contains("other settings", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_BadSampling_NamesIt()
    {
        var (exit, _, error) = CliRunner.Run(["supernet", "train", "--dir", Path.Combine(root, "s"), "--sampling", "greedy", .. TinySupernet.Sizes]);
        Assert.Equal(2, exit);
        Assert.Contains("'greedy'", error, StringComparison.Ordinal);
    }
}

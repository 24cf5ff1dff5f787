using NasSharp.Store;

namespace NasSharp.Cli.Tests;

/// <summary>
/// A data file that changes between a run and its resume (issue 15, item 5): the supernet directory records the
/// files its training read (data_files.json), and a resume or split that reads a changed one stops naming it.
/// </summary>
public sealed class DataFileChangeTests(TrainData data) : IClassFixture<TrainData>, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nassharp-datachange-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private (string Mnist, string Supernet) TrainSupernet()
    {
        var mnist = Path.Combine(root, "mnist");
        Directory.CreateDirectory(mnist);
        foreach (var file in Directory.GetFiles(Path.Combine(data.Root, "mnist")))
        {
            File.Copy(file, Path.Combine(mnist, Path.GetFileName(file)));
        }

        var supernet = Path.Combine(root, "supernet");
        CliRunner.Ok("supernet", "train", "--dir", supernet, "--dataset", "mnist", "--data", mnist, "--epochs", "1", "--channels", "4", "--cells", "1",
            "--train-images", "32", "--valid-images", "16", "--batch-size", "16");
        return (mnist, supernet);
    }

    [Fact]
    public void SupernetTrain_RecordsTheDataFilesItRead()
    {
        var (mnist, supernet) = TrainSupernet();

        var record = File.ReadAllText(Path.Combine(supernet, RunDirectory.DataFilesFileName));
        Assert.Contains(Path.Combine(mnist, "train-images-idx3-ubyte"), record, StringComparison.Ordinal);
        Assert.Contains("\"size\": 3088", record, StringComparison.Ordinal);
    }

    [Fact]
    public void SupernetResume_DataFileRewrittenSinceTheRun_StopsNamingTheFile()
    {
        var (mnist, supernet) = TrainSupernet();
        var labels = Path.Combine(mnist, "train-labels-idx1-ubyte");
        File.SetLastWriteTimeUtc(labels, File.GetLastWriteTimeUtc(labels).AddMinutes(5));

        var (exit, _, error) = CliRunner.Run("supernet", "train", "--dir", supernet, "--data", mnist, "--resume");

        Assert.Equal(2, exit);
        Assert.StartsWith($"nas supernet train: data file {labels} changed during the run (modified ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void SupernetSplit_DataUnchanged_Trains()
    {
        var (mnist, supernet) = TrainSupernet();

        var output = CliRunner.Ok("supernet", "split", "--dir", supernet, "--data", mnist, "--split", "1", "--epochs", "1");

        Assert.Contains("trained: 1 epochs", output, StringComparison.Ordinal);
    }
}

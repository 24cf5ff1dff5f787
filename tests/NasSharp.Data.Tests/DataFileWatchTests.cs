namespace NasSharp.Data.Tests;

public sealed class DataFileWatchTests
{
    [Fact]
    public void Begin_ReaderOpensAFile_StampsItOnce()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("s.txt", "1,2\n3,4\n");
        using var watch = DataFileWatch.Begin();

        TimeSeriesDataset.Load(path);
        TimeSeriesDataset.Load(path);

        var stamp = Assert.Single(watch.Files);
        Assert.Equal((Path.GetFullPath(path), 8L), (stamp.Path, stamp.Size));
        watch.Verify();
    }

    [Fact]
    public void Verify_FileRewrittenWithAnotherSize_ThrowsNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("s.txt", "1,2\n3,4\n");
        using var watch = DataFileWatch.Begin();
        TimeSeriesDataset.Load(path);

        File.WriteAllText(path, "1,2\n");

        var ex = Assert.Throws<InvalidDataException>(watch.Verify);
        Assert.Equal($"data file {Path.GetFullPath(path)} changed during the run (size 8 -> 4 bytes); restore it or start a new run", ex.Message);
    }

    [Fact]
    public void Verify_SameSizeNewModificationTime_Throws()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("s.txt", "1,2\n3,4\n");
        using var watch = DataFileWatch.Begin();
        TimeSeriesDataset.Load(path);

        File.WriteAllText(path, "5,6\n7,8\n");
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));

        var ex = Assert.Throws<InvalidDataException>(watch.Verify);
        Assert.Contains("modified", ex.Message);
    }

    [Fact]
    public void Verify_FileRemoved_ThrowsSayingSo()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("s.txt", "1,2\n");
        var stamp = DataFileStamp.Of(path);
        File.Delete(path);

        var ex = Assert.Throws<InvalidDataException>(() => DataFileWatch.Verify([stamp]));
        Assert.Contains("was removed", ex.Message);
    }

    [Fact]
    public void Opened_OutsideAnyWatch_RecordsNothing()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("s.txt", "1,2\n");
        TimeSeriesDataset.Load(path);

        using var watch = DataFileWatch.Begin();
        Assert.Empty(watch.Files);
    }
}

namespace NasSharp.Data.Tests;

public class CifarBinaryTests
{
    [Fact]
    public void Load_TwoCifar10Files_ConcatenatesInOrder()
    {
        using var dir = new TempDirectory();
        var a = dir.Write("data_batch_1.bin", TempDirectory.CifarRecords(3, cifar100: false));
        var b = dir.Write("data_batch_2.bin", TempDirectory.CifarRecords(2, cifar100: false, labelOffset: 5), gzip: true);

        var data = CifarBinary.Load([a, b], cifar100: false);

        Assert.Equal((5, 3, 32, 32, 10), (data.Count, data.Channels, data.Height, data.Width, data.ClassCount));
        Assert.Equal(new[] { 0, 1, 2, 5, 6 }, data.Labels.ToArray());
        Assert.Equal((1 + 1025) % 256, data.Image(4)[1025]);
        Assert.Equal((byte)2, data.Image(2)[0]);
    }

    [Fact]
    public void Load_Cifar100_UsesFineLabels()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("train.bin", TempDirectory.CifarRecords(4, cifar100: true));

        var data = CifarBinary.Load([file], cifar100: true);

        Assert.Equal(100, data.ClassCount);
        Assert.Equal(new[] { 0, 37, 74, 11 }, data.Labels.ToArray());
        Assert.Equal((3 + 3071) % 256, data.Image(3)[3071]);
    }

    [Fact]
    public void Load_TruncatedRecord_ThrowsNamingFileAndRecordSize()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("test_batch.bin", TempDirectory.CifarRecords(3, cifar100: false)[..^100]);

        var ex = Assert.Throws<InvalidDataException>(() => CifarBinary.Load([file], cifar100: false));
        Assert.Contains(file, ex.Message);
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("3073-byte record", ex.Message);
    }

    [Fact]
    public void Load_Cifar100FileReadAsCifar10_ThrowsRatherThanMisreading()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("train.bin", TempDirectory.CifarRecords(3073, cifar100: true));

        var ex = Assert.Throws<InvalidDataException>(() => CifarBinary.Load([file], cifar100: false));
        Assert.Contains(file, ex.Message);
        Assert.Contains("label", ex.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingTheFile()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("data_batch_9.bin");

        var ex = Assert.Throws<FileNotFoundException>(() => CifarBinary.Load([missing], cifar100: false));
        Assert.Contains(missing, ex.Message);
    }
}

namespace NasSharp.Data.Tests;

public class GzipCheckedStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(200)]
    public void Load_GzipMissingItsLastBytes_ThrowsTruncatedNamingTheFile(int cut)
    {
        using var dir = new TempDirectory();
        var whole = File.ReadAllBytes(dir.Write("whole.gz", TempDirectory.CifarRecords(4, cifar100: false), gzip: true));
        var path = dir.Write("data_batch_1.bin", whole[..^cut]);

        var ex = Assert.Throws<InvalidDataException>(() => CifarBinary.Load([path], cifar100: false));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Load_GzipWithCorruptedTrailer_ThrowsCorruptNamingTheFile()
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(dir.Write("whole.gz", TempDirectory.IdxLabels(30), gzip: true));
        bytes[^6] ^= 0x40;
        var labels = dir.Write("labels.gz", bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.ReadLabels(labels));
        Assert.Contains(labels, ex.Message);
        Assert.Contains("corrupt", ex.Message);
    }

    [Fact]
    public void Load_IntactGzip_ChecksAndLoads()
    {
        using var dir = new TempDirectory();
        var labels = dir.Write("labels.gz", TempDirectory.IdxLabels(3000), gzip: true);
        Assert.Equal(3000, IdxDataset.ReadLabels(labels).Length);
    }
}

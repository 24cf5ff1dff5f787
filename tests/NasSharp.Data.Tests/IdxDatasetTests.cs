namespace NasSharp.Data.Tests;

public class IdxDatasetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_RawOrGzip_RoundTripsPixelsAndLabels(bool gzip)
    {
        using var dir = new TempDirectory();
        var images = dir.Write("imgs", TempDirectory.IdxImages(5, 3, 4), gzip);
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(5), gzip);

        var data = IdxDataset.Load(images, labels);

        Assert.Equal((5, 1, 3, 4, 10), (data.Count, data.Channels, data.Height, data.Width, data.ClassCount));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, data.Labels.ToArray());
        Assert.Equal((byte)(((2 * 12) + 5) * 7), data.Image(2)[5]);
    }

    [Fact]
    public void Load_GzipWithoutGzExtension_IsDetectedByMagicBytes()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("train-images-idx3-ubyte", TempDirectory.IdxImages(2, 2, 2), gzip: true);
        var labels = dir.Write("train-labels-idx1-ubyte.gz", TempDirectory.IdxLabels(2), gzip: false);

        var data = IdxDataset.Load(images, labels);

        Assert.Equal(2, data.Count);
        Assert.Equal(7, data.Image(0)[1]);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingTheFile()
    {
        using var dir = new TempDirectory();
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(2));
        var missing = dir.File("nope-images");

        var ex = Assert.Throws<FileNotFoundException>(() => IdxDataset.Load(missing, labels));
        Assert.Contains(missing, ex.Message);
        Assert.Contains("not found", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_WrongImageMagic_ThrowsNamingFileAndMagic(bool gzip)
    {
        using var dir = new TempDirectory();
        var images = dir.Write("imgs", TempDirectory.IdxImages(2, 2, 2, magic: 0x801), gzip);
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(2));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels));
        Assert.Contains(images, ex.Message);
        Assert.Contains("wrong magic number 0x00000801", ex.Message);
        Assert.Contains("0x00000803", ex.Message);
    }

    [Fact]
    public void Load_WrongLabelMagic_ThrowsNamingTheLabelFile()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("imgs", TempDirectory.IdxImages(2, 2, 2));
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(2, magic: 0x803));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels));
        Assert.Contains(labels, ex.Message);
        Assert.Contains("magic", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_TruncatedImages_ThrowsNamingFileAndSizes(bool gzip)
    {
        using var dir = new TempDirectory();
        var full = TempDirectory.IdxImages(4, 3, 3);
        var images = dir.Write("imgs", full[..^5], gzip);
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(4));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels));
        Assert.Contains(images, ex.Message);
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("36 pixel bytes", ex.Message);
        Assert.Contains("only 31", ex.Message);
    }

    [Fact]
    public void Load_TruncatedGzipStream_ThrowsNamingTheFile()
    {
        using var dir = new TempDirectory();
        var whole = File.ReadAllBytes(dir.Write("whole", TempDirectory.IdxImages(50, 10, 10), gzip: true));
        var images = dir.Write("imgs", whole[..(whole.Length / 2)]);
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(50));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels));
        Assert.Contains(images, ex.Message);
    }

    [Fact]
    public void Load_HeaderShorterThanSixteenBytes_ThrowsTruncated()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("imgs", TempDirectory.IdxImages(1, 1, 1)[..10]);
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(1));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels));
        Assert.Contains(images, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Load_TruncatedLabels_ThrowsNamingTheLabelFile()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("imgs", TempDirectory.IdxImages(4, 2, 2));
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(4)[..^1]);

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels));
        Assert.Contains(labels, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Load_TrailingBytes_ThrowsRatherThanIgnoringThem()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("imgs", [.. TempDirectory.IdxImages(2, 2, 2), 9]);
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(2));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels));
        Assert.Contains(images, ex.Message);
        Assert.Contains("longer than its header", ex.Message);
    }

    [Fact]
    public void Load_CountMismatch_ThrowsNamingBothFiles()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("imgs", TempDirectory.IdxImages(3, 2, 2));
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(4));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels));
        Assert.Contains(images, ex.Message);
        Assert.Contains(labels, ex.Message);
        Assert.Contains("3 images", ex.Message);
        Assert.Contains("4 labels", ex.Message);
    }

    [Fact]
    public void Load_LabelOutOfRange_ThrowsNamingItem()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("imgs", TempDirectory.IdxImages(10, 1, 1));
        var labels = dir.Write("lbls", TempDirectory.IdxLabels(10));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(images, labels, classCount: 5));
        Assert.Contains(labels, ex.Message);
        Assert.Contains("label 5 of item 5", ex.Message);
    }
}

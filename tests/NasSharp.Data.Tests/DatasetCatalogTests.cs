namespace NasSharp.Data.Tests;

public class DatasetCatalogTests
{
    [Theory]
    [InlineData("mnist", ImageDatasetKind.Mnist)]
    [InlineData("Fashion-MNIST", ImageDatasetKind.FashionMnist)]
    [InlineData("fashion_mnist", ImageDatasetKind.FashionMnist)]
    [InlineData("cifar10", ImageDatasetKind.Cifar10)]
    [InlineData("CIFAR-100", ImageDatasetKind.Cifar100)]
    [InlineData("synthetic", ImageDatasetKind.Synthetic)]
    public void Parse_KnownNames_GiveTheirKind(string name, ImageDatasetKind kind) => Assert.Equal(kind, DatasetCatalog.Parse(name));

    [Fact]
    public void Parse_UnknownName_ThrowsListingKnownNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => DatasetCatalog.Parse("imagenet"));
        Assert.Contains("imagenet", ex.Message);
        Assert.Contains("fashion-mnist", ex.Message);
    }

    [Fact]
    public void NameOf_EveryKind_ParsesBack()
    {
        foreach (var kind in Enum.GetValues<ImageDatasetKind>())
        {
            Assert.Equal(kind, DatasetCatalog.Parse(DatasetCatalog.NameOf(kind)));
        }
    }

    [Fact]
    public void Load_MnistInSubfolderWithMixedCompression_FindsTrainAndTest()
    {
        using var dir = new TempDirectory();
        dir.Write("mnist/train-images-idx3-ubyte.gz", TempDirectory.IdxImages(6, 2, 2), gzip: true);
        dir.Write("mnist/train-labels-idx1-ubyte", TempDirectory.IdxLabels(6));
        dir.Write("mnist/t10k-images-idx3-ubyte", TempDirectory.IdxImages(3, 2, 2));
        dir.Write("mnist/t10k-labels-idx1-ubyte.gz", TempDirectory.IdxLabels(3), gzip: true);

        var sets = DatasetCatalog.Load("mnist", dir.Path);

        Assert.Equal(6, sets.Train.Count);
        Assert.Equal(3, sets.Test.Count);
        Assert.Equal("mnist/train", sets.Train.Name);
    }

    [Fact]
    public void Load_Cifar10InStandardFolder_ReadsFiveTrainingBatches()
    {
        using var dir = new TempDirectory();
        for (var i = 1; i <= 5; i++)
        {
            dir.Write($"cifar-10-batches-bin/data_batch_{i}.bin", TempDirectory.CifarRecords(2, cifar100: false, labelOffset: i));
        }

        dir.Write("cifar-10-batches-bin/test_batch.bin", TempDirectory.CifarRecords(3, cifar100: false));

        var sets = DatasetCatalog.Load(ImageDatasetKind.Cifar10, dir.Path);

        Assert.Equal(10, sets.Train.Count);
        Assert.Equal(3, sets.Test.Count);
        Assert.Equal(new[] { 1, 2, 2, 3, 3, 4, 4, 5, 5, 6 }, sets.Train.Labels.ToArray());
    }

    [Fact]
    public void Load_SomeFilesMissing_ThrowsListingTheMissingOnes()
    {
        using var dir = new TempDirectory();
        dir.Write("train-images-idx3-ubyte.gz", TempDirectory.IdxImages(1, 1, 1), gzip: true);
        dir.Write("train-labels-idx1-ubyte.gz", TempDirectory.IdxLabels(1), gzip: true);

        var ex = Assert.Throws<FileNotFoundException>(() => DatasetCatalog.Load("fashion-mnist", dir.Path));
        Assert.Contains("t10k-images-idx3-ubyte[.gz]", ex.Message);
        Assert.Contains("t10k-labels-idx1-ubyte[.gz]", ex.Message);
        Assert.DoesNotContain("train-images", ex.Message);
        Assert.Contains(dir.Path, ex.Message);
    }

    [Fact]
    public void Load_EmptyDirectory_ThrowsListingEveryExpectedFile()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<FileNotFoundException>(() => DatasetCatalog.Load("cifar100", dir.Path));
        Assert.Contains("train.bin[.gz]", ex.Message);
        Assert.Contains("test.bin[.gz]", ex.Message);
        Assert.Contains(dir.Path, ex.Message);
    }

    [Fact]
    public void Load_FileDatasetWithoutDirectory_ThrowsAskingForData()
    {
        var ex = Assert.Throws<ArgumentException>(() => DatasetCatalog.Load("mnist", null));
        Assert.Contains("--data", ex.Message);
    }

    [Fact]
    public void Load_Synthetic_NeedsNoDirectory()
    {
        var sets = DatasetCatalog.Load("synthetic", null);
        Assert.Equal(SyntheticImages.StandardTrainCount, sets.Train.Count);
        Assert.Equal(SyntheticImages.StandardTestCount, sets.Test.Count);
    }
}

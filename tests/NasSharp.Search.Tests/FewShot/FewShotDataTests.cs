using NasSharp.Data;
using NasSharp.Search.FewShot;

namespace NasSharp.Search.Tests.FewShot;

public class FewShotDataTests
{
    private static readonly TrainTestSets Sets = new(
        SyntheticImages.Generate(1, 300, new SyntheticImageOptions { Size = 8 }, "t/train"),
        SyntheticImages.Generate(2, 50, new SyntheticImageOptions { Size = 8 }, "t/test"));

    [Fact]
    public void From_DrawsDisjointStratifiedPartsOfTheRequestedSizes()
    {
        var data = FewShotData.From("synthetic", Sets, new FewShotDataOptions { TrainImages = 200, ValidationImages = 50, TestImages = 20 });
        Assert.Equal(200, data.Train.Count);
        Assert.Equal(50, data.Validation.Count);
        Assert.Equal(20, data.Test.Count);
        var train = Enumerable.Range(0, data.Train.Count).Select(data.Train.SourceIndex).ToHashSet();
        Assert.DoesNotContain(Enumerable.Range(0, data.Validation.Count).Select(data.Validation.SourceIndex), train.Contains);
        Assert.All(data.Validation.ClassCounts(), c => Assert.Equal(5, c));
    }

    [Fact]
    public void From_SameOptions_SameImagesInAnotherProcess()
    {
        var options = new FewShotDataOptions { TrainImages = 100, ValidationImages = 30, Seed = 9 };
        var a = FewShotData.From("synthetic", Sets, options);
        var b = FewShotData.From("synthetic", Sets, options);
        Assert.Equal(Enumerable.Range(0, 100).Select(a.Train.SourceIndex), Enumerable.Range(0, 100).Select(b.Train.SourceIndex));
        Assert.Equal(a.Normalization.Mean, b.Normalization.Mean);
    }

    [Fact]
    public void From_MoreImagesThanTheSetHolds_ThrowsNamingTheCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => FewShotData.From("synthetic", Sets, new FewShotDataOptions { TrainImages = 280, ValidationImages = 50 }));
        Assert.Contains("300", ex.Message);
    }
}

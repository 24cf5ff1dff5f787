namespace NasSharp.Data.Tests;

public class ImageDatasetTests
{
    /// <summary>count images of [1, 2, 2]; image i has every pixel equal to i, label i mod classes.</summary>
    internal static ImageDataset Numbered(int count, int classes = 4)
    {
        var pixels = new byte[count * 4];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i / 4);
        }

        return new ImageDataset("numbered", pixels, Enumerable.Range(0, count).Select(i => i % classes).ToArray(), 1, 2, 2, classes);
    }

    [Fact]
    public void Constructor_PixelCountMismatch_ThrowsNamingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ImageDataset("x", new byte[10], [0, 1], 1, 2, 2, 2));
        Assert.Contains("10 pixel bytes", ex.Message);
        Assert.Contains("[1, 2, 2]", ex.Message);
    }

    [Fact]
    public void Constructor_LabelOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ImageDataset("x", new byte[8], [0, 3], 1, 2, 2, 3));
        Assert.Contains("label 3 of image 1", ex.Message);
    }

    [Fact]
    public void Subset_OfSubset_MapsToRootImages()
    {
        var data = Numbered(10);
        var outer = data.Subset([9, 7, 5, 3]);
        var inner = outer.Subset([3, 0]);

        Assert.Equal(new[] { 3, 9 }, new[] { inner.SourceIndex(0), inner.SourceIndex(1) });
        Assert.Equal(3, inner.Image(0)[0]);
        Assert.Equal(9 % 4, inner.Label(1));
    }

    [Fact]
    public void Subset_IndexOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Numbered(3).Subset([0, 3]));
        Assert.Contains("index 3", ex.Message);
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(0.8, false)]
    [InlineData(0.3, true)]
    public void Split_AnyFraction_PartsAreDisjointAndCoverTheDataset(double fraction, bool stratified)
    {
        var data = Numbered(101);
        var split = data.Split(fraction, seed: 3, stratified);

        var train = Enumerable.Range(0, split.Train.Count).Select(split.Train.SourceIndex).ToList();
        var valid = Enumerable.Range(0, split.Validation.Count).Select(split.Validation.SourceIndex).ToList();
        Assert.Empty(train.Intersect(valid));
        Assert.Equal(Enumerable.Range(0, 101), train.Concat(valid).Order());
        Assert.InRange(train.Count, (int)(fraction * 101) - 2, (int)(fraction * 101) + 2);
    }

    [Fact]
    public void Split_SameSeed_SameParts_OtherSeed_OtherParts()
    {
        var data = Numbered(50);
        int[] TrainOf(int seed)
        {
            var part = data.Split(0.5, seed).Train;
            return Enumerable.Range(0, part.Count).Select(part.SourceIndex).ToArray();
        }

        Assert.Equal(TrainOf(1), TrainOf(1));
        Assert.NotEqual(TrainOf(1), TrainOf(2));
    }

    [Fact]
    public void Split_Stratified_KeepsClassProportionsExactly()
    {
        var data = Numbered(40, classes: 4);
        var split = data.Split(0.25, seed: 9, stratified: true);

        Assert.Equal(new[] { 3, 3, 3, 3 }, split.Train.ClassCounts());
        Assert.Equal(new[] { 7, 7, 7, 7 }, split.Validation.ClassCounts());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Split_FractionOutsideOpenUnitInterval_Throws(double fraction)
    {
        var ex = Assert.Throws<ArgumentException>(() => Numbered(10).Split(fraction, 1));
        Assert.Contains("fraction", ex.Message);
    }

    [Fact]
    public void DartsHalves_OddCount_FirstHalfByIndexTrainsWeights()
    {
        var split = Numbered(7).DartsHalves();

        Assert.Equal(new[] { 0, 1, 2 }, Enumerable.Range(0, split.Train.Count).Select(split.Train.SourceIndex));
        Assert.Equal(new[] { 3, 4, 5, 6 }, Enumerable.Range(0, split.Validation.Count).Select(split.Validation.SourceIndex));
    }

    [Fact]
    public void DartsHalves_SingleImage_ThrowsBecauseAHalfWouldBeEmpty()
    {
        var ex = Assert.Throws<ArgumentException>(() => Numbered(1).DartsHalves());
        Assert.Contains("non-empty", ex.Message);
    }

    [Fact]
    public void ComputeNormalization_KnownPixels_GivesMeanAndPopulationStd()
    {
        // Two one-channel images of 4 pixels: values 0 and 255 -> scaled 0 and 1, mean 0.5, std 0.5.
        var data = new ImageDataset("x", [0, 0, 0, 0, 255, 255, 255, 255], [0, 1], 1, 2, 2, 2);
        var n = data.ComputeNormalization();

        Assert.Equal(0.5f, n.Mean[0], 6);
        Assert.Equal(0.5f, n.Std[0], 6);
    }
}

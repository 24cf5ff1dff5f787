namespace NasSharp.Data.Tests;

public class DataLoaderTests
{
    /// <summary>count images of [2, 3, 5] whose pixels are all distinct within an image and non-zero.</summary>
    private static ImageDataset Patterned(int count)
    {
        var pixels = new byte[count * 30];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(1 + ((i % 30) * 7) + (i / 30 % 10));
        }

        return new ImageDataset("patterned", pixels, Enumerable.Range(0, count).Select(i => i % 3).ToArray(), 2, 3, 5, 3);
    }

    private static List<(float[] Images, int[] Labels)> Collect(DataLoader loader, int epoch, int first = 0) =>
        loader.Epoch(epoch, first).Select(b => (b.Images.ToArray(), b.Labels.ToArray())).ToList();

    private static DataLoaderOptions Augmented(bool prefetch = true, int seed = 4) => new()
    {
        BatchSize = 4,
        Seed = seed,
        Prefetch = prefetch,
        Augmentation = ImageAugmentation.CropAndFlip(padding: 2),
        Normalization = new ChannelNormalization([0.5f, 0.25f], [0.5f, 2f]),
    };

    [Fact]
    public void Epoch_SameSeedAndEpoch_SameBatches()
    {
        var data = Patterned(10);
        var a = Collect(new DataLoader(data, Augmented()), epoch: 3);
        var b = Collect(new DataLoader(data, Augmented()), epoch: 3);

        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Images, b[i].Images);
            Assert.Equal(a[i].Labels, b[i].Labels);
        }
    }

    [Fact]
    public void Order_DifferentEpochOrSeed_DifferentPermutation()
    {
        var data = Patterned(40);
        var loader = new DataLoader(data, Augmented(seed: 1));

        Assert.NotEqual(loader.Order(0), loader.Order(1));
        Assert.NotEqual(loader.Order(0), new DataLoader(data, Augmented(seed: 2)).Order(0));
        Assert.Equal(Enumerable.Range(0, 40), loader.Order(5).Order());
    }

    [Fact]
    public void Order_NoShuffle_IsIndexOrder()
    {
        var loader = new DataLoader(Patterned(7), new DataLoaderOptions { Shuffle = false });
        Assert.Equal(Enumerable.Range(0, 7), loader.Order(9));
    }

    [Fact]
    public void Epoch_WithPrefetch_YieldsTheSameBatchesAsWithout()
    {
        var data = Patterned(23);
        var prefetched = Collect(new DataLoader(data, Augmented(prefetch: true)), epoch: 2);
        var sequential = Collect(new DataLoader(data, Augmented(prefetch: false)), epoch: 2);

        Assert.Equal(6, prefetched.Count);
        for (var i = 0; i < prefetched.Count; i++)
        {
            Assert.Equal(sequential[i].Images, prefetched[i].Images);
            Assert.Equal(sequential[i].Labels, prefetched[i].Labels);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Epoch_ResumedAtABatch_YieldsTheRemainingBatchesOfTheFullEpoch(bool prefetch)
    {
        var loader = new DataLoader(Patterned(19), Augmented(prefetch));
        var full = Collect(loader, epoch: 1);
        var resumed = Collect(loader, epoch: 1, first: 3);

        Assert.Equal(full.Count - 3, resumed.Count);
        Assert.Equal(full[3].Images, resumed[0].Images);
        Assert.Equal(full[^1].Labels, resumed[^1].Labels);
        Assert.Equal(full[4].Images, loader.Batch(1, 4).Images.ToArray());
    }

    [Fact]
    public void Epoch_WithoutDropLast_VisitsEveryImageOnceWithASmallerLastBatch()
    {
        var data = Patterned(10);
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 4, Seed = 8 });
        var batches = loader.Epoch(0).Select(b => (b.Count, b.Index, Shape: b.Images.Shape.ToArray(), Labels: b.Labels.ToArray())).ToList();

        Assert.Equal(new[] { 4, 4, 2 }, batches.Select(b => b.Count));
        Assert.Equal(new[] { 0, 1, 2 }, batches.Select(b => b.Index));
        Assert.Equal(new[] { 2, 2, 3, 5 }, batches[2].Shape);
        var expectedLabels = loader.Order(0).Select(i => data.Label(i));
        Assert.Equal(expectedLabels, batches.SelectMany(b => b.Labels));
    }

    [Fact]
    public void Epoch_OverTheWeightsHalfOfADartsSplit_SeesOnlyThatHalf()
    {
        var data = ImageDatasetTests.Numbered(30);
        var half = data.DartsHalves().Train;
        var loader = new DataLoader(half, new DataLoaderOptions { BatchSize = 4, Seed = 2 });

        var pixels = loader.Epoch(0).SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (int)Math.Round(b.Images.Data[i * 4] * 255))).ToList();

        Assert.Equal(Enumerable.Range(0, 15), pixels.Order());
    }

    [Fact]
    public void Epoch_DropLast_SkipsTheIncompleteBatch()
    {
        var loader = new DataLoader(Patterned(10), new DataLoaderOptions { BatchSize = 4, DropLast = true });
        Assert.Equal(2, loader.BatchCount);
        Assert.All(loader.Epoch(0), b => Assert.Equal(4, b.Count));
    }

    [Fact]
    public void Epoch_NoAugmentation_ImagesAreNormalisedPixelsInVisitOrder()
    {
        var data = Patterned(5);
        var normalization = new ChannelNormalization([0.5f, 0.25f], [0.5f, 2f]);
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 5, Seed = 3, Normalization = normalization });
        var batch = loader.Epoch(0).Single();
        var order = loader.Order(0);

        for (var i = 0; i < 5; i++)
        {
            var image = data.Image(order[i]);
            for (var k = 0; k < 30; k++)
            {
                var c = k / 15;
                var expected = ((image[k] / 255f) - normalization.Mean[c]) / normalization.Std[c];
                Assert.Equal(expected, batch.Images.Data[(i * 30) + k], 5);
            }
        }
    }

    [Fact]
    public void Epoch_NoNormalization_GivesPixelsOver255()
    {
        var data = Patterned(1);
        var batch = new DataLoader(data, new DataLoaderOptions { BatchSize = 1 }).Epoch(0).Single();
        Assert.Equal(data.Image(0)[7] / 255f, batch.Images.Data[7], 6);
    }

    [Fact]
    public void Epoch_CropWithPadding_EachImageIsAZeroFilledShiftWithinThePadding()
    {
        var data = Patterned(30);
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 30, Seed = 5, Augmentation = new ImageAugmentation { CropPadding = 2 } });
        var batch = loader.Epoch(0).Single();
        var order = loader.Order(0);
        var shifts = new HashSet<(int, int)>();

        for (var i = 0; i < 30; i++)
        {
            var output = batch.Images.Data.Slice(i * 30, 30).ToArray();
            var shift = FindTransform(data.Image(order[i]).ToArray(), output, padding: 2, flip: false);
            Assert.True(shift.HasValue, $"image {i} is not a shift of its source within padding 2");
            shifts.Add(shift.Value);
        }

        Assert.True(shifts.Count > 5, $"only {shifts.Count} distinct shifts in 30 images");
    }

    [Fact]
    public void Epoch_HorizontalFlip_FlipsAboutHalfTheImagesExactly()
    {
        var data = Patterned(40);
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 40, Seed = 6, Augmentation = new ImageAugmentation { HorizontalFlip = true } });
        var batch = loader.Epoch(0).Single();
        var order = loader.Order(0);
        var flipped = 0;

        for (var i = 0; i < 40; i++)
        {
            var source = data.Image(order[i]).ToArray();
            var output = batch.Images.Data.Slice(i * 30, 30).ToArray();
            var same = FindTransform(source, output, padding: 0, flip: false).HasValue;
            var mirrored = FindTransform(source, output, padding: 0, flip: true).HasValue;
            Assert.True(same ^ mirrored, $"image {i} is neither the source nor its mirror");
            flipped += mirrored ? 1 : 0;
        }

        Assert.InRange(flipped, 10, 30);
    }

    [Fact]
    public void Epoch_ConsumerStopsEarly_DoesNotThrow()
    {
        var loader = new DataLoader(Patterned(20), Augmented());
        var first = loader.Epoch(0).First();
        Assert.Equal(0, first.Index);
    }

    [Fact]
    public void Constructor_NormalizationChannelMismatch_Throws()
    {
        var options = new DataLoaderOptions { Normalization = ChannelNormalization.Mnist };
        var ex = Assert.Throws<ArgumentException>(() => new DataLoader(Patterned(4), options));
        Assert.Contains("1 channels", ex.Message);
        Assert.Contains("patterned", ex.Message);
    }

    [Fact]
    public void Constructor_NonPositiveBatchSize_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DataLoader(Patterned(4), new DataLoaderOptions { BatchSize = 0 }));
        Assert.Contains("batch size", ex.Message);
    }

    /// <summary>The (dy, dx) with output[c, y, x] = source[c, y + dy, x' + dx] (x' mirrored when flipped, zero outside), if any.</summary>
    private static (int, int)? FindTransform(byte[] source, float[] output, int padding, bool flip)
    {
        for (var dy = -padding; dy <= padding; dy++)
        {
            for (var dx = -padding; dx <= padding; dx++)
            {
                var matches = true;
                for (var k = 0; k < 30 && matches; k++)
                {
                    var (c, y, x) = (k / 15, k % 15 / 5, k % 5);
                    var (sy, sx) = (y + dy, (flip ? 4 - x : x) + dx);
                    var value = sy is >= 0 and < 3 && sx is >= 0 and < 5 ? source[(c * 15) + (sy * 5) + sx] : 0;
                    matches = Math.Abs(output[k] - (value / 255f)) < 1e-6f;
                }

                if (matches)
                {
                    return (dy, dx);
                }
            }
        }

        return null;
    }
}

namespace NasSharp.Data.Tests;

public class SyntheticImagesTests
{
    [Fact]
    public void Generate_SameSeed_SameBytesAndLabels()
    {
        var a = SyntheticImages.Generate(11, 64);
        var b = SyntheticImages.Generate(11, 64);

        Assert.Equal(a.Labels.ToArray(), b.Labels.ToArray());
        for (var i = 0; i < a.Count; i++)
        {
            Assert.True(a.Image(i).SequenceEqual(b.Image(i)), $"image {i} differs");
        }
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferentImages()
    {
        var a = SyntheticImages.Generate(1, 8);
        var b = SyntheticImages.Generate(2, 8);
        Assert.False(a.Image(0).SequenceEqual(b.Image(0)));
    }

    [Fact]
    public void Generate_Defaults_GiveThreeBySixteenBySixteenWithTenClasses()
    {
        var data = SyntheticImages.Generate(1, 10);
        Assert.Equal((3, 16, 16, 10), (data.Channels, data.Height, data.Width, data.ClassCount));
    }

    [Theory]
    [InlineData(100, 10)]
    [InlineData(37, 4)]
    public void Generate_AnyCount_ClassesBalancedWithinEveryBlock(int count, int classes)
    {
        var data = SyntheticImages.Generate(5, count, new SyntheticImageOptions { ClassCount = classes, Channels = 1, Size = 8 });

        var counts = data.ClassCounts();
        Assert.True(counts.Max() - counts.Min() <= 1, string.Join(", ", counts));
        for (var start = 0; start + classes <= count; start += classes)
        {
            Assert.Equal(Enumerable.Range(0, classes), data.Labels.Slice(start, classes).ToArray().Order());
        }
    }

    [Fact]
    public void Generate_Standardised_EveryImageHasTheSameMeanBrightness()
    {
        var data = SyntheticImages.Generate(3, 50);
        for (var i = 0; i < data.Count; i++)
        {
            var mean = data.Image(i).ToArray().Average(b => (double)b);
            Assert.InRange(mean, 126.5, 129.5);
        }
    }

    [Fact]
    public void Generate_ChannelAverages_CarryNoClassInformation()
    {
        // What global average pooling of the input (or identity/pooling-only paths) sees: nearest
        // class centroid of the per-channel means must stay near chance (0.1).
        var accuracy = NearestCentroidAccuracy(ChannelMeans);
        Assert.True(accuracy < 0.2, $"accuracy {accuracy}");
    }

    [Fact]
    public void Generate_LocalMotifDetectors_RecoverTheClass()
    {
        // A fixed bank of 5x5 motif detectors (what a small convolutional network can learn) followed by
        // global max pooling recovers the class: the task is learnable from local structure.
        var test = SyntheticImages.Generate(SyntheticImages.StandardTestSeed, 500);
        var correct = Enumerable.Range(0, test.Count).Count(i => ArgMax(MotifResponses(test, i)) == test.Label(i));
        Assert.True(correct > 0.9 * test.Count, $"{correct} of {test.Count} correct");
    }

    [Theory]
    [InlineData(2, 16, 10)]
    [InlineData(1, 4, 10)]
    [InlineData(1, 16, 11)]
    [InlineData(1, 16, 1)]
    public void Generate_InvalidOptions_ThrowNamingTheOption(int channels, int size, int classes)
    {
        var options = new SyntheticImageOptions { Channels = channels, Size = size, ClassCount = classes };
        var ex = Assert.Throws<ArgumentException>(() => SyntheticImages.Generate(1, 10, options));
        Assert.Contains("SyntheticImages", ex.Message);
    }

    private static double NearestCentroidAccuracy(Func<ImageDataset, int, double[]> features)
    {
        var train = SyntheticImages.Generate(SyntheticImages.StandardTrainSeed, 1000);
        var test = SyntheticImages.Generate(SyntheticImages.StandardTestSeed, 500);
        var centroids = Enumerable.Range(0, train.ClassCount).Select(c =>
        {
            var members = Enumerable.Range(0, train.Count).Where(i => train.Label(i) == c).Select(i => features(train, i)).ToList();
            return Enumerable.Range(0, members[0].Length).Select(j => members.Average(f => f[j])).ToArray();
        }).ToList();
        var correct = Enumerable.Range(0, test.Count).Count(i =>
        {
            var f = features(test, i);
            var distances = centroids.Select(c => c.Zip(f, (a, b) => (a - b) * (a - b)).Sum()).ToList();
            return distances.IndexOf(distances.Min()) == test.Label(i);
        });
        return (double)correct / test.Count;
    }

    private static double[] ChannelMeans(ImageDataset data, int index)
    {
        var image = data.Image(index).ToArray();
        var plane = data.Height * data.Width;
        return Enumerable.Range(0, data.Channels).Select(c => image.Skip(c * plane).Take(plane).Average(b => (double)b)).ToArray();
    }

    /// <summary>For each motif, the best normalised match of its zero-mean stencil over all positions of the channel-summed image.</summary>
    private static double[] MotifResponses(ImageDataset data, int index)
    {
        var (size, plane, side) = (data.Height, data.Height * data.Height, SyntheticImages.MotifSide);
        var image = data.Image(index);
        var grey = new double[plane];
        for (var k = 0; k < image.Length; k++)
        {
            grey[k % plane] += image[k] - 128.0;
        }

        var responses = new double[data.ClassCount];
        for (var m = 0; m < data.ClassCount; m++)
        {
            var stencil = Stencil(m);
            responses[m] = double.MinValue;
            for (var y = 0; y <= size - side; y++)
            {
                for (var x = 0; x <= size - side; x++)
                {
                    var r = 0.0;
                    for (var k = 0; k < stencil.Length; k++)
                    {
                        r += stencil[k] * grey[((y + (k / side)) * size) + x + (k % side)];
                    }

                    responses[m] = Math.Max(responses[m], r);
                }
            }
        }

        return responses;
    }

    /// <summary>The stencil of motif <paramref name="m"/>, shifted to zero mean and scaled to unit norm.</summary>
    private static double[] Stencil(int m)
    {
        var side = SyntheticImages.MotifSide;
        var stencil = Enumerable.Range(0, side * side).Select(k => SyntheticMotifs.IsSet(m, k / side, k % side) ? 1.0 : 0.0).ToArray();
        var mean = stencil.Average();
        var norm = Math.Sqrt(stencil.Sum(s => (s - mean) * (s - mean)));
        return stencil.Select(s => (s - mean) / norm).ToArray();
    }

    private static int ArgMax(double[] values) => Array.IndexOf(values, values.Max());
}

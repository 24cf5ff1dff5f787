using NasSharp.Search.FewShot;

namespace NasSharp.Search.Tests.FewShot;

public class ArchitectureSampleTests
{
    [Fact]
    public void StratifiedByConvolutions_64_EqualAllocationOverTheSevenStrata()
    {
        var sample = ArchitectureSample.StratifiedByConvolutions(64, seed: 0);
        Assert.Equal(64, sample.Distinct().Count());
        var perStratum = sample.GroupBy(ArchitectureSample.ConvolutionCount).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal([10, 9, 9, 9, 9, 9, 9], perStratum);
    }

    [Fact]
    public void StratifiedByFirstLayer_32_EightDistinctArchitecturesPerBlockOfLayer0()
    {
        var sample = ArchitectureSample.StratifiedByFirstLayer(6, 32, seed: 0);
        Assert.Equal(32, sample.Distinct().Count());
        Assert.All(sample, g => Assert.Equal(6, g.Layers));
        Assert.Equal([8, 8, 8, 8], sample.GroupBy(g => g.Choices[0]).OrderBy(g => g.Key).Select(g => g.Count()));
        // The other layers vary within a stratum (drawn, not fixed).
        Assert.True(sample.Select(g => g.Choices[1]).Distinct().Count() > 1);
    }

    [Fact]
    public void StratifiedByFirstLayer_SameSeedSameSample_OtherSeedAnother_WholeStratumWhenAsked()
    {
        Assert.Equal(ArchitectureSample.StratifiedByFirstLayer(6, 10, 3), ArchitectureSample.StratifiedByFirstLayer(6, 10, 3));
        Assert.NotEqual(ArchitectureSample.StratifiedByFirstLayer(6, 10, 3), ArchitectureSample.StratifiedByFirstLayer(6, 10, 4));
        Assert.Equal([3, 3, 2, 2], ArchitectureSample.StratifiedByFirstLayer(6, 10, 3).GroupBy(g => g.Choices[0]).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal(16, ArchitectureSample.StratifiedByFirstLayer(2, 16, 0).Distinct().Count());
        Assert.Throws<ArgumentException>(() => ArchitectureSample.StratifiedByFirstLayer(2, 17, 0));
        Assert.Throws<ArgumentException>(() => ArchitectureSample.StratifiedByFirstLayer(6, 3, 0));
    }

    [Fact]
    public void StratifiedByConvolutions_SameSeedSameSample_OtherSeedAnother()
    {
        Assert.Equal(ArchitectureSample.StratifiedByConvolutions(21, 4), ArchitectureSample.StratifiedByConvolutions(21, 4));
        Assert.NotEqual(ArchitectureSample.StratifiedByConvolutions(21, 4), ArchitectureSample.StratifiedByConvolutions(21, 5));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(449)]
    public void StratifiedByConvolutions_SizeOutsideWhatTheStrataHold_Throws(int count) =>
        Assert.Contains("sample size", Assert.Throws<ArgumentException>(() => ArchitectureSample.StratifiedByConvolutions(count, 0)).Message);
}

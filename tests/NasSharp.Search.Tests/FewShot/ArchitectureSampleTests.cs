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

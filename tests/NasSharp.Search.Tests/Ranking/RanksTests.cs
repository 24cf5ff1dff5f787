using NasSharp.Search.Ranking;

namespace NasSharp.Search.Tests.Ranking;

public class RanksTests
{
    [Fact]
    public void Average_PairTie_SharesMidRank() =>
        Assert.Equal([1, 2.5, 2.5, 4], Ranks.Average([10, 20, 20, 30]));

    [Fact]
    public void Average_UnsortedTripleTie_SharesMeanOfSpannedRanks()
    {
        // Sorted: 1 (rank 1), 2 (rank 2), 3 3 3 (ranks 3, 4, 5 -> 4 each).
        Assert.Equal([4, 1, 4, 2, 4], Ranks.Average([3, 1, 3, 2, 3]));
    }

    [Fact]
    public void Average_RandomTies_RankSumIsTriangularNumber()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 101).Select(_ => (double)random.Next(9)).ToArray();
        Assert.Equal(101 * 102 / 2.0, Ranks.Average(values).Sum());
    }

    [Fact]
    public void Average_NaN_Throws() =>
        Assert.Throws<ArgumentException>(() => Ranks.Average([1, double.NaN]));
}

using NasSharp.Search.Ranking;

namespace NasSharp.Search.Tests.Ranking;

public class TopKOverlapTests
{
    private static readonly string[] Keys = ["a", "b", "c", "d", "e"];

    [Theory]
    // Order by x: a b c d e.  Order by y (5 3 4 1 2): a c b e d.
    [InlineData(1, 1)] // {a} and {a}
    [InlineData(2, 1)] // {a, b} and {a, c}
    [InlineData(3, 3)] // {a, b, c} and {a, c, b}
    [InlineData(4, 3)] // {a, b, c, d} and {a, c, b, e}
    [InlineData(5, 5)]
    public void Compute_NoTies_MatchesHandCount(int k, int common)
    {
        var result = TopKOverlap.Compute(Keys, [5, 4, 3, 2, 1], [5, 3, 4, 1, 2], k);
        Assert.Equal(new TopKOverlapResult(k, common), result);
        Assert.Equal((double)common / k, result.Fraction);
    }

    [Fact]
    public void Compute_TieAtBoundary_TakesSmallerKeyFirst()
    {
        // x ties all three; ordinal key order a < b < c decides, so top-1 by x = {a}, top-2 = {a, b}.
        // y orders c (3), a (2), b (1): top-1 = {c}, top-2 = {c, a}.
        string[] keys = ["c", "a", "b"];
        Assert.Equal(0, TopKOverlap.Compute(keys, [1, 1, 1], [3, 2, 1], 1).Common);
        Assert.Equal(1, TopKOverlap.Compute(keys, [1, 1, 1], [3, 2, 1], 2).Common);
    }

    [Fact]
    public void Compute_ShuffledInput_SameOverlapForEveryK()
    {
        var random = new Random(9);
        const int n = 60;
        var keys = Enumerable.Range(0, n).Select(i => $"|arch~{i}|").ToArray();
        var x = Enumerable.Range(0, n).Select(_ => (double)random.Next(6)).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => (double)random.Next(6)).ToArray();
        var permutation = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        var keys2 = permutation.Select(i => keys[i]).ToArray();
        var x2 = permutation.Select(i => x[i]).ToArray();
        var y2 = permutation.Select(i => y[i]).ToArray();
        for (var k = 1; k <= n; k++)
        {
            Assert.Equal(TopKOverlap.Compute(keys, x, y, k), TopKOverlap.Compute(keys2, x2, y2, k));
        }
    }

    [Fact]
    public void Compute_HighestScoresAreTop()
    {
        // Lower scores must not count as top: reversed scorings share nothing in their top 2 of 5.
        Assert.Equal(0, TopKOverlap.Compute(Keys, [1, 2, 3, 4, 5], [5, 4, 3, 2, 1], 2).Common);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Compute_KOutsideOneToN_ThrowsNamingK(int k)
    {
        var ex = Assert.Throws<ArgumentException>(() => TopKOverlap.Compute(Keys, [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], k));
        Assert.Contains($"k = {k}", ex.Message);
    }

    [Fact]
    public void Compute_KeyCountMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => TopKOverlap.Compute(["a"], [1, 2], [1, 2], 1));
}

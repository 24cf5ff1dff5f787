using NasSharp.Search.Ranking;

namespace NasSharp.Search.Tests.Ranking;

public class RankComparisonTests
{
    private static ScoringJoin Join(double[] a, double[] b)
    {
        var keys = Enumerable.Range(0, a.Length).Select(i => $"|op~{i}|").ToArray();
        return ScoringJoin.Join(
            new Scoring("a.csv", "score", keys.Zip(a, (k, v) => new KeyValuePair<string, double>(k, v))),
            new Scoring("b.csv", "score", keys.Zip(b, (k, v) => new KeyValuePair<string, double>(k, v))));
    }

    [Fact]
    public void Compute_HandCase_AllStatistics()
    {
        // The hand-counted case of the tau and rho tests: tau-b = 0.4, rho = 0.6. Highest first, a = 1 2 3 4 5
        // orders op~4 op~3 op~2 and b = 3 1 2 5 4 orders op~3 op~4 op~0: top-2 share 2, top-3 share 2.
        var comparison = RankComparison.Compute(Join([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]), [2, 3]);
        Assert.Equal(5, comparison.Matched);
        Assert.Equal(0.4, comparison.KendallTauB, 15);
        Assert.Equal(0.6, comparison.SpearmanRho, 15);
        Assert.Null(comparison.UndefinedReason);
        Assert.Equal([new TopKOverlapResult(2, 2), new TopKOverlapResult(3, 2)], comparison.TopK);
    }

    [Fact]
    public void Compute_AllScoresOfBTied_NaNWithReasonNamingB()
    {
        var comparison = RankComparison.Compute(Join([1, 2, 3], [7, 7, 7]), []);
        Assert.True(double.IsNaN(comparison.KendallTauB));
        Assert.True(double.IsNaN(comparison.SpearmanRho));
        Assert.Contains("b.csv", comparison.UndefinedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_SingleMatch_NaNWithReason()
    {
        var comparison = RankComparison.Compute(Join([1], [2]), [1]);
        Assert.True(double.IsNaN(comparison.KendallTauB));
        Assert.Contains("1 matched architecture;", comparison.UndefinedReason, StringComparison.Ordinal);
        Assert.Equal(1, comparison.TopK[0].Common);
    }

    [Fact]
    public void Compute_KAboveMatched_Throws() =>
        Assert.Throws<ArgumentException>(() => RankComparison.Compute(Join([1, 2], [2, 1]), [3]));
}

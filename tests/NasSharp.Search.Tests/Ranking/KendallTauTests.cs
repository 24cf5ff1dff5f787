using NasSharp.Search.Ranking;
using NasSharp.Search.Ranking.Reference;

namespace NasSharp.Search.Tests.Ranking;

public class KendallTauTests
{
    public static TheoryData<string> Implementations => ["knight", "reference"];

    private static double TauB(string implementation, double[] x, double[] y) =>
        implementation == "knight" ? KendallTau.TauB(x, y) : KendallTauReference.TauB(x, y);

    [Theory]
    [MemberData(nameof(Implementations))]
    public void TauB_NoTies_MatchesHandCount(string implementation)
    {
        // x is in order, so pair (i, j) is concordant iff y_i < y_j. y = 3 1 2 5 4:
        // (3,1) D  (3,2) D  (3,5) C  (3,4) C  (1,2) C  (1,5) C  (1,4) C  (2,5) C  (2,4) C  (5,4) D
        // nc = 7, nd = 3, n0 = 10, no ties: tau = (7 - 3) / 10 = 0.4.
        Assert.Equal(0.4, TauB(implementation, [1, 2, 3, 4, 5], [3, 1, 2, 5, 4]), 15);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void TauB_TiesInBothAndAJointTie_MatchesHandCount(string implementation)
    {
        // i:  0      1      2      3      4
        //    (1,2)  (2,1)  (2,3)  (2,3)  (3,3)
        // (0,1) D  (0,2) C  (0,3) C  (0,4) C  (1,2) x-tie  (1,3) x-tie  (1,4) C
        // (2,3) tied in both  (2,4) y-tie  (3,4) y-tie
        // nc = 4, nd = 1, n0 = 10; n1 = 3 (x = 2 three times), n2 = 3 (y = 3 three times).
        // tau_b = (4 - 1) / sqrt((10 - 3)(10 - 3)) = 3/7, where tau-a would be 3/10.
        Assert.Equal(3.0 / 7.0, TauB(implementation, [1, 2, 2, 2, 3], [2, 1, 3, 3, 3]), 15);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void TauB_TiesInXOnly_UsesUnequalDenominatorFactors(string implementation)
    {
        // x = 1 2 2 3, y = 1 2 3 4: the pair of x = 2 is tied, the other 5 pairs concordant.
        // n0 = 6, n1 = 1, n2 = 0: tau_b = 5 / sqrt(5 * 6) = 0.9128709...
        Assert.Equal(5.0 / Math.Sqrt(30.0), TauB(implementation, [1, 2, 2, 3], [1, 2, 3, 4]), 14);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void TauB_OneTiePerScoringInDifferentPairs_MatchesHandCount(string implementation)
    {
        // x = 1 2 2 3, y = 1 3 2 2: (0,1) C (0,2) C (0,3) C (1,2) x-tie (1,3) D (2,3) y-tie.
        // nc = 3, nd = 1, n0 = 6, n1 = n2 = 1: tau_b = 2 / 5.
        Assert.Equal(0.4, TauB(implementation, [1, 2, 2, 3], [1, 3, 2, 2]), 15);
    }

    [Fact]
    public void TauB_PerfectAgreementWithTies_IsExactlyOne()
    {
        double[] x = [1, 2, 2, 3, 5, 5, 5, 8];
        var y = x.Select(v => (10 * v) + 0.5).ToArray();
        Assert.Equal(1.0, KendallTau.TauB(x, y));
    }

    [Fact]
    public void TauB_ReversalWithTies_IsExactlyMinusOne()
    {
        double[] x = [1, 1, 2, 3, 4, 4];
        var y = x.Select(v => -v).ToArray();
        Assert.Equal(-1.0, KendallTau.TauB(x, y));
    }

    [Fact]
    public void TauB_Nb201SizeAgreementAndReversal_AreExactlyPlusAndMinusOne()
    {
        // 15,625 items with accuracy-like ties: large pair counts (n0 = 122,062,500) must not lose exactness.
        var x = Enumerable.Range(0, 15_625).Select(i => Math.Round(i / 7.0)).ToArray();
        Assert.Equal(1.0, KendallTau.TauB(x, x.Select(v => v * 0.01).ToArray()));
        Assert.Equal(-1.0, KendallTau.TauB(x, x.Select(v => -v).ToArray()));
    }

    [Theory]
    [InlineData(1, 10, 10)]
    [InlineData(2, 100, 7)]
    [InlineData(3, 1_000_000, 1_000_000)]
    [InlineData(4, 3, 50)]
    public void TauB_Knight_MatchesPairwiseReferenceOnRandomData(int seed, int xLevels, int yLevels)
    {
        // n = 500 with few levels gives many ties in x, in y and in both; y leans on x so tau is not near 0.
        var random = new Random(seed);
        var x = new double[500];
        var y = new double[500];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.Next(xLevels);
            y[i] = Math.Floor(((x[i] / xLevels) + random.NextDouble()) * yLevels / 2);
        }

        Assert.Equal(KendallTauReference.TauB(x, y), KendallTau.TauB(x, y), 12);
    }

    [Fact]
    public void TauB_SwappedArguments_SameValue()
    {
        var random = new Random(5);
        var x = Enumerable.Range(0, 300).Select(_ => (double)random.Next(20)).ToArray();
        var y = Enumerable.Range(0, 300).Select(_ => (double)random.Next(40)).ToArray();
        Assert.Equal(KendallTau.TauB(x, y), KendallTau.TauB(y, x), 14);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void TauB_FewerThanTwoItems_IsNaN(string implementation)
    {
        Assert.True(double.IsNaN(TauB(implementation, [], [])));
        Assert.True(double.IsNaN(TauB(implementation, [0.5], [0.7])));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void TauB_EveryValueOfOneScoringTied_IsNaN(string implementation)
    {
        Assert.True(double.IsNaN(TauB(implementation, [1, 2, 3], [4, 4, 4])));
        Assert.True(double.IsNaN(TauB(implementation, [7, 7, 7], [1, 2, 3])));
    }

    [Fact]
    public void TauB_MismatchedLengths_ThrowsNamingBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, 2, 3, 4, 5], [1, 2, 3, 4]));
        Assert.Contains("Kendall tau-b", ex.Message);
        Assert.Contains("5", ex.Message);
        Assert.Contains("4", ex.Message);
    }

    [Fact]
    public void TauB_NaNValue_ThrowsNamingPosition()
    {
        var ex = Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, 2, 3], [1, double.NaN, 3]));
        Assert.Contains("y[1]", ex.Message);
    }
}

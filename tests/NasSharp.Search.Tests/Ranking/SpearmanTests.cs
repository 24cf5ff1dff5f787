using NasSharp.Search.Ranking;

namespace NasSharp.Search.Tests.Ranking;

public class SpearmanTests
{
    [Fact]
    public void Rho_NoTies_MatchesHandComputedShortcut()
    {
        // Ranks equal the values; d = x - y = -2 1 1 -1 1, sum d^2 = 8; rho = 1 - 6 * 8 / (5 * 24) = 0.6.
        Assert.Equal(0.6, Spearman.Rho([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]), 15);
    }

    [Fact]
    public void Rho_WithTies_IsPearsonOfAverageRanks()
    {
        // x = 1 2 2 2 3 -> ranks 1 3 3 3 5;  y = 2 1 3 3 3 -> ranks 2 1 4 4 4; both have mean 3.
        // dx = -2 0 0 0 2, dy = -1 -2 1 1 1: sxy = 2 + 2 = 4, sxx = 8, syy = 1 + 4 + 1 + 1 + 1 = 8.
        // rho = 4 / sqrt(8 * 8) = 0.5. (The no-ties shortcut would give 1 - 6 * 8 / 120 = 0.6: wrong with ties.)
        Assert.Equal(0.5, Spearman.Rho([1, 2, 2, 2, 3], [2, 1, 3, 3, 3]), 15);
    }

    [Fact]
    public void Rho_RandomPermutationsWithoutTies_MatchesSumOfSquaredRankDifferences()
    {
        var random = new Random(11);
        const int n = 200;
        var x = Enumerable.Range(0, n).Select(i => (double)i).OrderBy(_ => random.Next()).ToArray();
        var y = Enumerable.Range(0, n).Select(i => (double)i).OrderBy(_ => random.Next()).ToArray();
        var sumD2 = x.Zip(y, (a, b) => (a - b) * (a - b)).Sum();
        Assert.Equal(1 - (6 * sumD2 / (n * (((double)n * n) - 1))), Spearman.Rho(x, y), 12);
    }

    [Fact]
    public void Rho_AgreementAndReversalWithTies_AreExactlyPlusAndMinusOne()
    {
        double[] x = [0.1, 0.5, 0.5, 0.9, 0.9, 0.9, 1.3];
        Assert.Equal(1.0, Spearman.Rho(x, x.Select(v => Math.Exp(v)).ToArray()));
        Assert.Equal(-1.0, Spearman.Rho(x, x.Select(v => -v).ToArray()));
    }

    [Fact]
    public void Rho_UndefinedCases_AreNaN()
    {
        Assert.True(double.IsNaN(Spearman.Rho([], [])));
        Assert.True(double.IsNaN(Spearman.Rho([3], [1])));
        Assert.True(double.IsNaN(Spearman.Rho([1, 2, 3], [5, 5, 5])));
    }

    [Fact]
    public void Rho_MismatchedLengths_ThrowsNamingBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Spearman.Rho([1, 2], [1, 2, 3]));
        Assert.Contains("Spearman", ex.Message);
        Assert.Contains("2", ex.Message);
        Assert.Contains("3", ex.Message);
    }
}

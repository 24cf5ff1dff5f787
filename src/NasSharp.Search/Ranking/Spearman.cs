namespace NasSharp.Search.Ranking;

/// <summary>Spearman's rank correlation (Spearman 1904).</summary>
public static class Spearman
{
    /// <summary>
    /// Spearman's rho: the Pearson correlation of the average ranks (<see cref="Ranks.Average"/>) of
    /// <paramref name="x"/> and <paramref name="y"/>, in [-1, 1]. With ties this is the tie-corrected rho,
    /// not the shortcut 1 - 6 sum d^2 / (n(n^2 - 1)), which holds only without ties. Returns NaN when undefined:
    /// fewer than two items, or every value of x or of y tied (zero rank variance).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ (both are named) or a value is NaN.</exception>
    public static double Rho(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        RankInput.Validate("Spearman rho", x, y);
        if (x.Length < 2)
        {
            return double.NaN;
        }

        var rx = Ranks.Average(x);
        var ry = Ranks.Average(y);

        // Average ranks always have mean (n + 1) / 2; the deviations are multiples of 1/2, so the sums are exact.
        var mean = (x.Length + 1) / 2.0;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            var dx = rx[i] - mean;
            var dy = ry[i] - mean;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        if (sxx == 0 || syy == 0)
        {
            return double.NaN;
        }

        // Equal variances (no ties, or the same tie pattern) skip the rounded product so that rho is exactly +-1 there.
        var denominator = sxx == syy ? sxx : Math.Sqrt(sxx) * Math.Sqrt(syy);
        return Math.Clamp(sxy / denominator, -1.0, 1.0);
    }
}

namespace NasSharp.Search.Ranking.Reference;

/// <summary>
/// Kendall tau-b straight from its definition (Kendall 1945), one pair at a time in O(n^2): the test oracle
/// and benchmark baseline for <see cref="KendallTau"/>.
/// </summary>
public static class KendallTauReference
{
    /// <summary>tau_b = (nc - nd) / sqrt((n0 - n1)(n0 - n2)); NaN for fewer than two items or an all-tied side.</summary>
    public static double TauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        RankInput.Validate("Kendall tau-b", x, y);
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, pairs = 0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = i + 1; j < x.Length; j++)
            {
                pairs++;
                var dx = Math.Sign(x[i].CompareTo(x[j]));
                var dy = Math.Sign(y[i].CompareTo(y[j]));
                tiedX += dx == 0 ? 1 : 0;
                tiedY += dy == 0 ? 1 : 0;
                concordant += dx * dy > 0 ? 1 : 0;
                discordant += dx * dy < 0 ? 1 : 0;
            }
        }

        var denominator = Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }
}

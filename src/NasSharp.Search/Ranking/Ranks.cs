namespace NasSharp.Search.Ranking;

/// <summary>Ranks of scores, the input of <see cref="Spearman"/>.</summary>
public static class Ranks
{
    /// <summary>
    /// 1-based ascending ranks where tied values share the average of the ranks they span ("fractional" or
    /// "mid" ranks): [10, 20, 20, 30] -> [1, 2.5, 2.5, 4]. Average ranks keep the rank sum n(n+1)/2 whatever
    /// the ties, which is what makes the Pearson correlation of ranks Spearman's rho with ties.
    /// </summary>
    /// <exception cref="ArgumentException">A value is NaN.</exception>
    public static double[] Average(ReadOnlySpan<double> values)
    {
        RankInput.Validate("Ranks", values, values);
        var n = values.Length;
        var keys = values.ToArray();
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        var ranks = new double[n];
        var start = 0;
        for (var i = 1; i <= n; i++)
        {
            if (i == n || keys[i] != keys[start])
            {
                // Positions start..i-1 hold ranks start+1..i; their mean is (start + 1 + i) / 2.
                var rank = (start + 1 + i) / 2.0;
                for (var p = start; p < i; p++)
                {
                    ranks[order[p]] = rank;
                }

                start = i;
            }
        }

        return ranks;
    }
}

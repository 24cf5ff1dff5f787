namespace NasSharp.Search.Ranking;

/// <summary>
/// Top-k overlap |top-k by x ∩ top-k by y| / k: do two scorings agree on the best architectures, which is
/// what a search keeps, when a global correlation may be dominated by the many poor ones.
/// </summary>
/// <remarks>
/// "Top" means the highest scores (accuracies); negate a lower-is-better scoring first. Ties at the k
/// boundary are broken deterministically by the architecture key in ordinal order (the smaller key is taken
/// first), then by position, so the result never depends on the order of the input.
/// </remarks>
public static class TopKOverlap
{
    /// <summary>Number of items in both the top <paramref name="k"/> by <paramref name="x"/> and by <paramref name="y"/>.</summary>
    /// <param name="keys">Architecture keys, one per item: the tie-break at the k boundary.</param>
    /// <param name="x">First scoring, higher is better.</param>
    /// <param name="y">Second scoring, paired with <paramref name="x"/>.</param>
    /// <param name="k">Size of each top set, 1..n.</param>
    /// <exception cref="ArgumentException">Lengths differ, a value is NaN, or k is outside 1..n.</exception>
    public static TopKOverlapResult Compute(IReadOnlyList<string> keys, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int k)
    {
        ArgumentNullException.ThrowIfNull(keys);
        RankInput.Validate("Top-k overlap", x, y);
        if (keys.Count != x.Length)
        {
            throw new ArgumentException($"Top-k overlap: {keys.Count} keys for {x.Length} scores");
        }

        if (k < 1 || k > x.Length)
        {
            throw new ArgumentException($"Top-k overlap: k = {k} is outside 1..{x.Length} (the number of scored items)");
        }

        var inTopX = new bool[x.Length];
        foreach (var i in TopIndices(keys, x, k))
        {
            inTopX[i] = true;
        }

        var common = 0;
        foreach (var i in TopIndices(keys, y, k))
        {
            common += inTopX[i] ? 1 : 0;
        }

        return new TopKOverlapResult(k, common);
    }

    /// <summary>Indices of the <paramref name="k"/> highest scores, ties by ordinal key then index.</summary>
    internal static int[] TopIndices(IReadOnlyList<string> keys, ReadOnlySpan<double> scores, int k)
    {
        var s = scores.ToArray();
        var order = new int[s.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var byScore = s[b].CompareTo(s[a]);
            if (byScore != 0)
            {
                return byScore;
            }

            var byKey = string.CompareOrdinal(keys[a], keys[b]);
            return byKey != 0 ? byKey : a.CompareTo(b);
        });
        return order[..k];
    }
}

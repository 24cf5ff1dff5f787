namespace NasSharp.Search.Ranking;

/// <summary>
/// Kendall's rank correlation with the tie correction, tau-b (Kendall 1938; ties: Kendall 1945):
/// tau_b = (nc - nd) / sqrt((n0 - n1)(n0 - n2)), with nc and nd the concordant and discordant pairs,
/// n0 = n(n-1)/2, n1 = sum t(t-1)/2 over groups of tied x values and n2 likewise for y. A pair tied in x or
/// y is neither concordant nor discordant. This is the statistic the few-shot NAS paper (Zhao et al. 2021)
/// reports between supernet-predicted and true accuracy.
/// </summary>
/// <remarks>
/// Computed in O(n log n) with Knight's (1966) algorithm, so all 15,625 NAS-Bench-201 architectures take
/// milliseconds: sort the pairs by (x, y); the number of element exchanges a merge sort then needs to order
/// the y values equals nd (pairs tied in x are already in y order, so they cost no exchange). With n3 the
/// pairs tied in both, nc - nd = n0 - n1 - n2 + n3 - 2 nd. <see cref="Reference.KendallTauReference"/>
/// counts the pairs one by one and is the test oracle.
/// </remarks>
public static class KendallTau
{
    /// <summary>
    /// Kendall tau-b of the paired scores <paramref name="x"/> and <paramref name="y"/>, in [-1, 1].
    /// Returns NaN when undefined: fewer than two items (there is no pair), or every value of x or every value
    /// of y tied (a zero factor in the denominator; the scoring carries no order to compare).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ (both are named) or a value is NaN.</exception>
    public static double TauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        RankInput.Validate("Kendall tau-b", x, y);
        var n = x.Length;
        if (n < 2)
        {
            return double.NaN;
        }

        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(order, (a, b) => xs[a] != xs[b] ? xs[a].CompareTo(xs[b]) : ys[a].CompareTo(ys[b]));

        var sortedX = new double[n];
        var sortedY = new double[n];
        for (var i = 0; i < n; i++)
        {
            sortedX[i] = xs[order[i]];
            sortedY[i] = ys[order[i]];
        }

        var tiedX = RankInput.TiedPairs(sortedX);
        var tiedBoth = JointTiedPairs(sortedX, sortedY);
        var discordant = MergeSortCountingExchanges(sortedY, new double[n]);
        var tiedY = RankInput.TiedPairs(sortedY);
        return FromCounts((long)n * (n - 1) / 2, tiedX, tiedY, tiedBoth, discordant);
    }

    /// <summary>tau-b from the pair counts; NaN when a denominator factor is zero.</summary>
    internal static double FromCounts(long pairs, long tiedX, long tiedY, long tiedBoth, long discordant)
    {
        var untiedX = pairs - tiedX;
        var untiedY = pairs - tiedY;
        if (untiedX == 0 || untiedY == 0)
        {
            return double.NaN;
        }

        var score = pairs - tiedX - tiedY + tiedBoth - (2 * discordant);

        // Equal factors (the usual case for perfect agreement) skip the rounded product so that tau is exactly 1.
        var denominator = untiedX == untiedY ? untiedX : Math.Sqrt((double)untiedX) * Math.Sqrt((double)untiedY);
        return Math.Clamp(score / denominator, -1.0, 1.0);
    }

    /// <summary>Pairs equal in both x and y: runs of identical (x, y) in the (x, y)-sorted order.</summary>
    private static long JointTiedPairs(double[] sortedX, double[] sortedY)
    {
        long pairs = 0;
        var start = 0;
        for (var i = 1; i <= sortedX.Length; i++)
        {
            if (i == sortedX.Length || sortedX[i] != sortedX[start] || sortedY[i] != sortedY[start])
            {
                long t = i - start;
                pairs += t * (t - 1) / 2;
                start = i;
            }
        }

        return pairs;
    }

    /// <summary>
    /// Sorts <paramref name="values"/> ascending with a bottom-up merge sort and returns the number of pairs
    /// i &lt; j with values[i] &gt; values[j] (strictly; equal values are not exchanged).
    /// </summary>
    private static long MergeSortCountingExchanges(double[] values, double[] scratch)
    {
        long exchanges = 0;
        var n = values.Length;
        var source = values;
        var target = scratch;
        for (var width = 1; width < n; width *= 2)
        {
            for (var left = 0; left < n; left += 2 * width)
            {
                var middle = Math.Min(left + width, n);
                var right = Math.Min(left + (2 * width), n);
                exchanges += Merge(source, target, left, middle, right);
            }

            (source, target) = (target, source);
        }

        if (!ReferenceEquals(source, values))
        {
            source.CopyTo(values, 0);
        }

        return exchanges;
    }

    /// <summary>Merges source[left..middle) and source[middle..right) into target; counts strict inversions.</summary>
    private static long Merge(double[] source, double[] target, int left, int middle, int right)
    {
        long exchanges = 0;
        int i = left, j = middle, k = left;
        while (i < middle && j < right)
        {
            if (source[j] < source[i])
            {
                // source[j] precedes every element still waiting in the left run, each an inversion.
                exchanges += middle - i;
                target[k++] = source[j++];
            }
            else
            {
                target[k++] = source[i++];
            }
        }

        while (i < middle)
        {
            target[k++] = source[i++];
        }

        while (j < right)
        {
            target[k++] = source[j++];
        }

        return exchanges;
    }
}

namespace NasSharp.Search.Ranking;

/// <summary>Validation shared by the rank statistics: paired scorings of equal length, no NaN.</summary>
internal static class RankInput
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="x"/> and <paramref name="y"/> differ in length
    /// or hold a NaN. NaN has no place in an order, so a rank statistic over it would be meaningless rather
    /// than merely undefined; infinities order normally and are accepted.
    /// </summary>
    public static void Validate(string statistic, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"{statistic}: x has {x.Length} values and y has {y.Length}; the two scorings must be paired item by item");
        }

        ThrowIfNaN(statistic, "x", x);
        ThrowIfNaN(statistic, "y", y);
    }

    private static void ThrowIfNaN(string statistic, string name, ReadOnlySpan<double> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                throw new ArgumentException($"{statistic}: {name}[{i}] is NaN; NaN cannot be ranked");
            }
        }
    }

    /// <summary>Number of pairs within runs of equal values, sum of t(t-1)/2 over runs; <paramref name="sorted"/> is in order.</summary>
    public static long TiedPairs(ReadOnlySpan<double> sorted)
    {
        long pairs = 0;
        var start = 0;
        for (var i = 1; i <= sorted.Length; i++)
        {
            if (i == sorted.Length || sorted[i] != sorted[start])
            {
                long t = i - start;
                pairs += t * (t - 1) / 2;
                start = i;
            }
        }

        return pairs;
    }
}

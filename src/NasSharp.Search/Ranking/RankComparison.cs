namespace NasSharp.Search.Ranking;

/// <summary>
/// The rank statistics of two joined scorings: Kendall tau-b, Spearman rho and top-k overlaps (what
/// <c>nas rank</c> prints). Few-shot NAS (Zhao et al. 2021) reports tau-b between supernet-predicted and
/// true NAS-Bench-201 accuracy over all 15,625 architectures.
/// </summary>
public sealed class RankComparison
{
    private RankComparison(int matched, double tau, double rho, string? undefinedReason, IReadOnlyList<TopKOverlapResult> topK)
    {
        Matched = matched;
        KendallTauB = tau;
        SpearmanRho = rho;
        UndefinedReason = undefinedReason;
        TopK = topK;
    }

    public int Matched { get; }

    public double KendallTauB { get; }

    public double SpearmanRho { get; }

    /// <summary>Why both correlations are NaN (too few items, or a scoring whose matched scores are all equal); null when defined.</summary>
    public string? UndefinedReason { get; }

    public IReadOnlyList<TopKOverlapResult> TopK { get; }

    /// <summary>Computes every statistic over the matched architectures of <paramref name="join"/>.</summary>
    /// <param name="join">The paired scorings.</param>
    /// <param name="topK">Sizes k of the top sets to compare, each in 1..<see cref="ScoringJoin.Matched"/>.</param>
    /// <exception cref="ArgumentException">A k is outside 1..matched.</exception>
    public static RankComparison Compute(ScoringJoin join, IEnumerable<int> topK)
    {
        ArgumentNullException.ThrowIfNull(join);
        ArgumentNullException.ThrowIfNull(topK);
        var a = join.ScoresA.Span;
        var b = join.ScoresB.Span;
        var overlaps = new List<TopKOverlapResult>();
        foreach (var k in topK)
        {
            overlaps.Add(TopKOverlap.Compute(join.Architectures, a, b, k));
        }

        return new RankComparison(join.Matched, KendallTau.TauB(a, b), Spearman.Rho(a, b), WhyUndefined(join), overlaps);
    }

    private static string? WhyUndefined(ScoringJoin join)
    {
        if (join.Matched < 2)
        {
            return $"{join.Matched} matched architecture{(join.Matched == 1 ? string.Empty : "s")}; a rank correlation needs at least 2";
        }

        foreach (var (scoring, scores) in new[] { (join.A, join.ScoresA), (join.B, join.ScoresB) })
        {
            var span = scores.Span;
            if (!span.ContainsAnyExcept(span[0]))
            {
                return $"every matched score from {scoring.Source} equals {span[0]}, so it orders nothing";
            }
        }

        return null;
    }
}

namespace NasSharp.Search.Ranking.Arms;

/// <summary>Everything <see cref="ArmRankingStudy.Compute"/> measured, as <c>nas rank-compare</c> prints and saves it.</summary>
/// <param name="Truth">Where the truth came from (one file, or the mean of several).</param>
/// <param name="Architectures">Architectures every scoring covers (the statistics are over these).</param>
/// <param name="TruthCeiling">Kendall tau-b between the truth's runs (mean over pairs) when there are several: how well a second ground-truth run ranks like the first, an upper bound in practice; null with one run.</param>
/// <param name="TruthCeilingSpearman">Spearman rho between the truth's runs (mean over pairs), null with one run.</param>
/// <param name="Seeds">Every arm's every seed.</param>
/// <param name="Arms">Per arm: mean and spread over seeds.</param>
/// <param name="Differences">Each other arm minus the baseline.</param>
/// <param name="Picks">Searches' picks placed in the truth (empty when none were given).</param>
public sealed record ArmRankingReport(
    string Truth,
    int Architectures,
    double? TruthCeiling,
    double? TruthCeilingSpearman,
    IReadOnlyList<SeedRanking> Seeds,
    IReadOnlyList<ArmSummary> Arms,
    IReadOnlyList<ArmDifference> Differences,
    IReadOnlyList<PickRank> Picks);

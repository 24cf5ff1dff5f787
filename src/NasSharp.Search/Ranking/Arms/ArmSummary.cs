namespace NasSharp.Search.Ranking.Arms;

/// <summary>An arm's statistics over its seeds: mean and sample standard deviation (n - 1; 0 with one seed).</summary>
public sealed record ArmSummary(
    string Arm,
    int Seeds,
    double KendallTauBMean,
    double KendallTauBStandardDeviation,
    double SpearmanRhoMean,
    double SpearmanRhoStandardDeviation,
    double TopKCommonMean);

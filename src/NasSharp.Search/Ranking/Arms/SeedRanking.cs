namespace NasSharp.Search.Ranking.Arms;

/// <summary>How well one seed of one arm ranks the truth's architectures.</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Seed">Position of the scoring in its arm (0-based), the pairing key across arms.</param>
/// <param name="Source">Where the scoring came from (file).</param>
/// <param name="KendallTauB">Kendall tau-b against the truth.</param>
/// <param name="SpearmanRho">Spearman rho against the truth.</param>
/// <param name="TopK">k of the top-k overlap.</param>
/// <param name="TopKCommon">Architectures in both top-k sets.</param>
public sealed record SeedRanking(string Arm, int Seed, string Source, double KendallTauB, double SpearmanRho, int TopK, int TopKCommon);

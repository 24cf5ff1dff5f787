namespace NasSharp.Store.Experiments;

/// <summary>
/// One trial of a repeated search as the store keeps it: repeat (0-based) and its seed, trial number (1-based within the
/// repeat), the genotype's text, the search score and reported figure, the simulated cost, the wall seconds it took,
/// and the failure reason of a trial whose training diverged (no score then).
/// </summary>
public sealed record SearchTrialEntry(int Repeat, int Seed, int Trial, string Genotype, double? Score, double? Reported, double? CostSeconds, double WallSeconds, string? Failure = null);

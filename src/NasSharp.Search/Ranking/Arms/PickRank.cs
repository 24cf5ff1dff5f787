namespace NasSharp.Search.Ranking.Arms;

/// <summary>
/// Where an architecture a search picked stands in the truth: its own truth score (trained with the truth's recipe)
/// placed among the truth's sample.
/// </summary>
/// <param name="Arm">The arm whose supernet the search ran on.</param>
/// <param name="Run">Position of the search among the arm's picks (0-based).</param>
/// <param name="Genotype">The picked architecture.</param>
/// <param name="Truth">Its truth score (mean over the truth runs given for picks).</param>
/// <param name="Rank">1 + the number of sample architectures that score higher (1: as good as the best).</param>
/// <param name="SampleSize">Architectures in the truth's sample.</param>
/// <param name="Percentile">Percent of the sample that scores lower.</param>
public sealed record PickRank(string Arm, int Run, string Genotype, double Truth, int Rank, int SampleSize, double Percentile);

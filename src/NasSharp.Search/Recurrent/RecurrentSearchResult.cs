using NasSharp.Search.Growth;
using NasSharp.Search.Training;

namespace NasSharp.Search.Recurrent;

/// <summary>
/// The outcome of <see cref="RecurrentSearch"/>: the loop's result, the derived genotype after the space's final
/// contraction, its cell's parameter count (the derived cell as retrained, without gates), whether it holds a Hadamard
/// op, the growth events and the alpha-stream loss after every epoch.
/// </summary>
public sealed record RecurrentSearchResult(DifferentiableSearchResult Search, string Genotype, long CellParameters, bool HasHadamard, IReadOnlyList<GrowthRecord> Growth, IReadOnlyList<AlphaLossRecord> AlphaLosses);

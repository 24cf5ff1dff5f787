using NasSharp.Search.Growth;
using NasSharp.Search.Training;

namespace NasSharp.Search.Recurrent;

/// <summary>
/// The outcome of <see cref="RecurrentSearch"/>: the loop's result, the derived genotype after the space's final
/// contraction, its cell's parameter count (the derived cell as retrained, without gates), whether it holds a Hadamard
/// op, the growth events and the alpha-stream loss after every epoch. A few-shot search gives the chosen part's,
/// with every part in <see cref="FewShot"/>.
/// </summary>
public sealed record RecurrentSearchResult(DifferentiableSearchResult Search, string Genotype, long CellParameters, bool HasHadamard, IReadOnlyList<GrowthRecord> Growth, IReadOnlyList<AlphaLossRecord> AlphaLosses)
{
    /// <summary>The alpha-stream loss after the last epoch (<see cref="SearchEvaluation.Loss{TBatch}"/>); NaN before any epoch.</summary>
    public double AlphaLoss => AlphaLosses.Count == 0 ? double.NaN : AlphaLosses[^1].Loss;

    /// <summary>A few-shot search's warm-up and parts (this result is its chosen part's); null for a one-shot search.</summary>
    public RecurrentFewShotResult? FewShot { get; init; }
}

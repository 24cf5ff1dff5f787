using NasSharp.Search.Spaces;

namespace NasSharp.Search.Training;

/// <summary>
/// The outcome of <see cref="DifferentiableSearch.Run"/>: the derived genotype at the end of the search (or at the
/// DARTS+ stopping epoch), every epoch's record, and the wall seconds and analytic training FLOPs of the search.
/// </summary>
public sealed record DifferentiableSearchResult(
    Nb201Genotype Genotype,
    IReadOnlyList<DifferentiableEpoch> History,
    bool StoppedEarly,
    int SearchEpochs,
    double SearchSeconds,
    double SearchFlops);

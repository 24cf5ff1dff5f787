using NasSharp.Search.Supernets;

namespace NasSharp.Search.Training;

/// <summary>
/// One sub-supernet of a few-shot differentiable search: its split, the trained sub-supernet (whose weights the
/// derived architecture inherits), its search, and how its derived architecture scored on the selection data.
/// </summary>
public sealed record FewShotPart(SupernetSplit Split, Nb201Supernet Supernet, DifferentiableSearchResult Search, ClassificationScore Selection);

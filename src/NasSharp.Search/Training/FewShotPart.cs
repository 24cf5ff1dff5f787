using NasSharp.Search.Supernets;

namespace NasSharp.Search.Training;

/// <summary>One sub-supernet of a few-shot differentiable search: its split, its search, and how its derived architecture scored on the selection data.</summary>
public sealed record FewShotPart(SupernetSplit Split, DifferentiableSearchResult Search, ClassificationScore Selection);

namespace NasSharp.Search.Training;

/// <summary>The outcome of <see cref="DifferentiableSearch.Run"/>: the derived child (path and text), every epoch, wall seconds, training FLOPs and whether DARTS+ stopped it early.</summary>
public sealed record DifferentiableSearchResult(IReadOnlyList<int[]> Path, string Architecture, IReadOnlyList<DifferentiableEpoch> History, double Seconds, double Flops, bool StoppedEarly);

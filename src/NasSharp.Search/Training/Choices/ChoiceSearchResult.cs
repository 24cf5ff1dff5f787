namespace NasSharp.Search.Training.Choices;

/// <summary>The outcome of <see cref="ChoiceSearch.Run"/>: the derived child (path and text), every epoch, wall seconds and training FLOPs.</summary>
public sealed record ChoiceSearchResult(IReadOnlyList<int[]> Path, string Architecture, IReadOnlyList<ChoiceEpoch> History, double Seconds, double Flops);

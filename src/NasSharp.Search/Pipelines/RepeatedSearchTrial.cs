using NasSharp.Search.Strategies;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// One trial of a repeated search, as recorders see it: the repeat (0-based) and its seed, the trial, and whether it was
/// replayed from the record of an interrupted run (already stored; files rewritten on resume still want it).
/// </summary>
public sealed record RepeatedSearchTrial<TGenotype>(int Repeat, int Seed, SearchTrial<TGenotype> Trial, bool Replayed);

namespace NasSharp.Store.Experiments;

/// <summary>An opaque strategy state (the strategy's own serialization), numbered by the search that saved it.</summary>
public sealed record StrategySnapshot(long StudyId, long Sequence, ReadOnlyMemory<byte> Data, DateTimeOffset Created);

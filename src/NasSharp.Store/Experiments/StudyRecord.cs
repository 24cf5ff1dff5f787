namespace NasSharp.Store.Experiments;

/// <summary>A study as stored. Times are the store's clock (UTC).</summary>
public sealed record StudyRecord(
    long Id,
    string Name,
    string Kind,
    string OptionsJson,
    string CodeVersion,
    StudyStatus Status,
    string? RunDirectory,
    DateTimeOffset Created,
    DateTimeOffset Updated);

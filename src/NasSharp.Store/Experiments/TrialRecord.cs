namespace NasSharp.Store.Experiments;

/// <summary>
/// A trial as stored. <see cref="Number"/> is dense per study (0, 1, 2... in the order trials were added or
/// enqueued); <see cref="Attempt"/> counts leases (0 while never leased) and is the fencing token of the worker
/// holding it. Times are the store's clock (UTC); null when the event has not happened.
/// </summary>
public sealed record TrialRecord(
    long Id,
    long StudyId,
    int Number,
    string Kind,
    string Genotype,
    string PayloadJson,
    TrialState State,
    int Attempt,
    string? WorkerId,
    DateTimeOffset? LeaseExpires,
    DateTimeOffset? Heartbeat,
    TrialResult? Result,
    DateTimeOffset Created,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    string? Error);

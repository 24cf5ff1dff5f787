namespace NasSharp.Store.Experiments;

/// <summary>
/// A unit a worker holds: the trial and its <see cref="Attempt"/>, which the worker passes back to heartbeat and
/// commit; a commit with an older attempt (the lease expired and another worker took the unit) is rejected.
/// </summary>
public sealed record LeasedUnit(
    long TrialId,
    string StudyName,
    string? RunDirectory,
    int Number,
    string Kind,
    string Genotype,
    string PayloadJson,
    int Attempt,
    string WorkerId,
    DateTimeOffset LeaseExpires);

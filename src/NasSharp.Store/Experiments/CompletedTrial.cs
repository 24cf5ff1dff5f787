namespace NasSharp.Store.Experiments;

/// <summary>
/// A trial that ran in the caller's own process (a search's evaluation), recorded in one step: complete, or failed with
/// <see cref="Error"/> when it is set (its training diverged).
/// </summary>
public sealed record CompletedTrial(string Kind, string Genotype, string PayloadJson, TrialResult Result)
{
    /// <summary>Why the trial failed, or null for a complete trial.</summary>
    public string? Error { get; init; }
}

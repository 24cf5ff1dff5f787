namespace NasSharp.Store.Experiments;

/// <summary>A trial that ran in the caller's own process (a search's evaluation), recorded complete in one step.</summary>
public sealed record CompletedTrial(string Kind, string Genotype, string PayloadJson, TrialResult Result);

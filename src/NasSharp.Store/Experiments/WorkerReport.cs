namespace NasSharp.Store.Experiments;

/// <summary>What a <see cref="WorkerLoop"/> did before it returned.</summary>
public sealed record WorkerReport(int Completed, int Failed, int Rejected, int Released, WorkerStopReason StopReason);

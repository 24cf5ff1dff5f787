namespace NasSharp.Store.Experiments;

/// <summary>One event of a <see cref="WorkerLoop"/>: the unit, and the result or message when there is one.</summary>
public sealed record WorkerEvent(WorkerEventKind Kind, LeasedUnit Unit, TrialResult? Result = null, string? Message = null);

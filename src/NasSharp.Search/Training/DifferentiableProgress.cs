namespace NasSharp.Search.Training;

/// <summary>
/// Where a differentiable search stands after a finished epoch, stored in its checkpoint: epochs done, the records so
/// far, the compute spent, whether DARTS+ stopped it, the fingerprint of the recipe it belongs to, and the state of the
/// loop's <see cref="ISearchEpochHook"/> (null without one).
/// </summary>
public sealed record DifferentiableProgress(int CompletedEpochs, IReadOnlyList<DifferentiableEpoch> History, double Seconds, double Flops, bool Stopped, string Fingerprint, string? Hook = null);

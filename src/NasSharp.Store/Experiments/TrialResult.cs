namespace NasSharp.Store.Experiments;

/// <summary>
/// What a finished trial produced: named metrics (accuracy in percent, losses, <c>params</c>...), optional per-epoch
/// values (one dictionary per epoch), the wall time it took and the paths of artifacts written to a run directory.
/// </summary>
public sealed record TrialResult(IReadOnlyDictionary<string, double> Metrics)
{
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Epochs { get; init; } = [];

    public double WallSeconds { get; init; }

    public IReadOnlyList<string> Artifacts { get; init; } = [];
}

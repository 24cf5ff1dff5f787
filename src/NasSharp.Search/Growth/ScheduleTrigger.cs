namespace NasSharp.Search.Growth;

/// <summary>
/// RECURRENT.md 3.3 <c>schedule</c>: grow every <see cref="Every"/> epochs after the last growth (or the start). The
/// default period floor(E / (N_max - N_0 + 1)) gives the last node as many epochs as the others.
/// </summary>
public sealed class ScheduleTrigger : IGrowthTrigger
{
    private int last;

    public ScheduleTrigger(int every) => Every = every > 0 ? every : throw new ArgumentOutOfRangeException(nameof(every), every, "ScheduleTrigger: the period must be a positive number of epochs.");

    public int Every { get; }

    /// <summary>floor(searchEpochs / (maxNodes - initialNodes + 1)), at least 1.</summary>
    public static int DefaultEvery(int searchEpochs, int initialNodes, int maxNodes)
    {
        if (searchEpochs <= 0 || initialNodes <= 0 || maxNodes < initialNodes)
        {
            throw new ArgumentException($"ScheduleTrigger: need positive epochs ({searchEpochs}) and 0 < initial nodes ({initialNodes}) <= max nodes ({maxNodes}).");
        }

        return Math.Max(1, searchEpochs / (maxNodes - initialNodes + 1));
    }

    public bool ShouldGrow(int epoch, double alphaLoss) => epoch - last >= Every;

    public void Grown(int epoch) => last = epoch;

    public double[] SaveState() => [last];

    public void LoadState(IReadOnlyList<double> state) => last = (int)(state ?? throw new ArgumentNullException(nameof(state)))[0];
}

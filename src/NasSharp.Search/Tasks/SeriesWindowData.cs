using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tasks;

/// <summary>
/// Forecasting samples (LSTNet windows) with the given target rows, in mini-batches reshuffled every epoch from
/// (seed, epoch), so a resumed run reads what an uninterrupted one read. A last batch of a single sample is left out
/// (batch norm in training mode needs two values per channel).
/// </summary>
public sealed class SeriesWindowData : ISearchData<SeriesBatch>
{
    private readonly SeriesWindows windows;
    private readonly int[] targets;
    private readonly int batchSize;
    private readonly int seed;

    public SeriesWindowData(SeriesWindows windows, IReadOnlyList<int> targets, int batchSize, int seed)
    {
        this.windows = windows ?? throw new ArgumentNullException(nameof(windows));
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0 || batchSize <= 0)
        {
            throw new ArgumentException($"SeriesWindowData: {targets.Count} targets and batch {batchSize} must both be positive.");
        }

        (this.targets, this.batchSize, this.seed) = (targets.ToArray(), batchSize, seed);
        BatchCount = (this.targets.Length / batchSize) + (this.targets.Length % batchSize >= 2 ? 1 : 0);
    }

    public int BatchCount { get; }

    /// <summary>Rows per input window.</summary>
    public int Window => windows.Window;

    public IEnumerable<SeriesBatch> Epoch(int epoch)
    {
        var order = targets.ToArray();
        new Random(Strategies.SearchSeeds.Derive(seed, epoch)).Shuffle(order);
        for (var start = 0; start < order.Length; start += batchSize)
        {
            if (order.Length - start == 1 && start > 0)
            {
                yield break;
            }

            yield return windows.Batch(order.AsSpan(start, Math.Min(batchSize, order.Length - start)));
        }
    }
}

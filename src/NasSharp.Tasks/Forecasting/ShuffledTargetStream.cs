using NasSharp.NN.Training;

namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// The training windows of a forecaster, as mini-batches of target rows in a shuffled order: one generator seeded once
/// shuffles one array at the start of every epoch, so epoch k reads the order shuffled k + 1 times. Reaching epoch k
/// first (a resumed run) replays the k earlier shuffles, so a resumed run reads what an uninterrupted one read. A
/// batch is the slice of target rows; the step turns it into tensors inside its own scope.
/// </summary>
internal sealed class ShuffledTargetStream : ISearchData<ReadOnlyMemory<int>>
{
    private readonly int[] targets;
    private readonly int batchSize;
    private readonly Random shuffle;
    private int shuffledEpochs;

    public ShuffledTargetStream(int[] targets, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        (this.targets, this.batchSize, shuffle) = (targets, batchSize, new Random(seed));
    }

    public int BatchCount => (targets.Length + batchSize - 1) / batchSize;

    /// <summary>Windows in one epoch.</summary>
    public int Count => targets.Length;

    public IEnumerable<ReadOnlyMemory<int>> Epoch(int epoch)
    {
        if (epoch < shuffledEpochs - 1)
        {
            throw new InvalidOperationException($"ShuffledTargetStream: epoch {epoch} was already passed (the stream is at epoch {shuffledEpochs - 1}).");
        }

        while (shuffledEpochs <= epoch)
        {
            shuffle.Shuffle(targets);
            shuffledEpochs++;
        }

        return Batches();
    }

    private IEnumerable<ReadOnlyMemory<int>> Batches()
    {
        for (var start = 0; start < targets.Length; start += batchSize)
        {
            yield return targets.AsMemory(start, Math.Min(batchSize, targets.Length - start));
        }
    }
}

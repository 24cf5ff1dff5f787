namespace NasSharp.NN.Training;

/// <summary>A stream of batches read once per epoch, in an order fixed by the epoch number (so a resumed run reads what an uninterrupted one read).</summary>
/// <typeparam name="TBatch">The task's batch type.</typeparam>
public interface ISearchData<out TBatch>
{
    /// <summary>Batches in one epoch.</summary>
    int BatchCount { get; }

    /// <summary>The batches of epoch <paramref name="epoch"/>; any integer is a valid key (a wrapped architecture stream uses shifted keys).</summary>
    IEnumerable<TBatch> Epoch(int epoch);
}

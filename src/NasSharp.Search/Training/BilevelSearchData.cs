using NasSharp.NN.Training;

namespace NasSharp.Search.Training;

/// <summary>
/// The weight stream of a differentiable search paired, batch by batch, with the architecture stream (bilevel methods;
/// without one every pair's architecture batch is null). A shorter architecture stream starts over, in a fresh shuffled
/// order on every wrap (keyed by epoch and wrap count, so a resumed run reads what an uninterrupted one read).
/// </summary>
public sealed class BilevelSearchData<TBatch>(ISearchData<TBatch> weights, ISearchData<TBatch>? architecture) : ISearchData<BilevelBatch<TBatch>>
    where TBatch : class
{
    private readonly ISearchData<TBatch> weights = weights ?? throw new ArgumentNullException(nameof(weights));

    /// <summary>One pair per weight batch.</summary>
    public int BatchCount => weights.BatchCount;

    public IEnumerable<BilevelBatch<TBatch>> Epoch(int epoch)
    {
        // The architecture epoch is opened before the weight epoch and advanced after each weight batch: the order the
        // search has always read them in, so a stream with state of its own sees the same calls.
        var arch = architecture?.Epoch(epoch).GetEnumerator();
        var cycle = 0;
        try
        {
            foreach (var batch in weights.Epoch(epoch))
            {
                if (arch != null && !arch.MoveNext())
                {
                    arch.Dispose();
                    arch = architecture!.Epoch(epoch + (++cycle * 100_003)).GetEnumerator();
                    arch.MoveNext();
                }

                yield return new BilevelBatch<TBatch>(batch, arch?.Current);
            }
        }
        finally
        {
            arch?.Dispose();
        }
    }
}

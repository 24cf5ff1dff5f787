namespace NasSharp.Data;

/// <summary>
/// Batches an <see cref="ImageDataset"/> for training or evaluation: seeded per-epoch shuffling,
/// augmentation, normalisation, and prefetching of the next batch on a background task while the
/// current one is in use. Every random choice is keyed by (seed, epoch) for the order and by
/// (seed, epoch, batch index) for augmentation, so an epoch's batches are the same with or without
/// prefetching, and a run resumed at any epoch and batch sees exactly what it would have seen.
/// </summary>
/// <example>
/// <code>
/// var loader = new DataLoader(split.Train, new DataLoaderOptions { BatchSize = 64, Seed = 7 });
/// foreach (var batch in loader.Epoch(epoch)) { using var scope = new TensorScope(); ... batch.Images ... }
/// </code>
/// </example>
public sealed class DataLoader
{
    private readonly BatchAssembler assembler;

    public DataLoader(ImageDataset dataset, DataLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize <= 0)
        {
            throw new ArgumentException($"DataLoader over {dataset.Name}: batch size must be positive, got {options.BatchSize}.");
        }

        if (options.Normalization != null && options.Normalization.Channels != dataset.Channels)
        {
            throw new ArgumentException($"DataLoader over {dataset.Name}: normalisation has {options.Normalization.Channels} channels, the images have {dataset.Channels}.");
        }

        if (options.Augmentation.CropPadding < 0)
        {
            throw new ArgumentException($"DataLoader over {dataset.Name}: crop padding must not be negative, got {options.Augmentation.CropPadding}.");
        }

        Dataset = dataset;
        Options = options;
        BatchCount = options.DropLast ? dataset.Count / options.BatchSize : (dataset.Count + options.BatchSize - 1) / options.BatchSize;
        if (BatchCount == 0)
        {
            throw new ArgumentException($"DataLoader over {dataset.Name}: {dataset.Count} images make no full batch of {options.BatchSize} with DropLast.");
        }

        assembler = new BatchAssembler(dataset, options.Augmentation, options.Normalization);
    }

    public ImageDataset Dataset { get; }

    public DataLoaderOptions Options { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the images (a permutation of [0, Count)).</summary>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Dataset.Count).ToArray();
        if (Options.Shuffle)
        {
            new Random(SeedMix.Combine(Options.Seed, epoch, 0x0de5)).Shuffle(order);
        }

        return order;
    }

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/>, from batch <paramref name="firstBatch"/> on (to resume
    /// mid-epoch). A yielded batch is valid until the enumeration advances.
    /// </summary>
    public IEnumerable<ImageBatch> Epoch(int epoch, int firstBatch = 0)
    {
        if (firstBatch < 0 || firstBatch > BatchCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstBatch), firstBatch, $"DataLoader over {Dataset.Name}: first batch must be in [0, {BatchCount}].");
        }

        return Options.Prefetch ? Prefetched(epoch, firstBatch) : Sequential(epoch, firstBatch);
    }

    /// <summary>Assembles one batch of one epoch (what <see cref="Epoch"/> would yield at that position) into a new batch object.</summary>
    public ImageBatch Batch(int epoch, int index)
    {
        if (index < 0 || index >= BatchCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"DataLoader over {Dataset.Name}: batch index must be in [0, {BatchCount}).");
        }

        var batch = new ImageBatch();
        Fill(batch, Order(epoch), epoch, index);
        return batch;
    }

    private IEnumerable<ImageBatch> Sequential(int epoch, int firstBatch)
    {
        var order = Order(epoch);
        var batch = new ImageBatch();
        for (var b = firstBatch; b < BatchCount; b++)
        {
            Fill(batch, order, epoch, b);
            yield return batch;
        }
    }

    // Two batch objects alternate: the consumer holds one while a background task fills the other.
    private IEnumerable<ImageBatch> Prefetched(int epoch, int firstBatch)
    {
        var order = Order(epoch);
        var slots = new[] { new ImageBatch(), new ImageBatch() };
        Task<ImageBatch>? pending = firstBatch < BatchCount ? Start(slots[0], order, epoch, firstBatch) : null;
        try
        {
            for (var b = firstBatch; b < BatchCount; b++)
            {
                var current = pending!.GetAwaiter().GetResult();
                pending = b + 1 < BatchCount ? Start(slots[(b + 1 - firstBatch) % 2], order, epoch, b + 1) : null;
                yield return current;
            }
        }
        finally
        {
            // A consumer that stops early must not leave a task writing into storage behind it. A failure
            // of that unconsumed batch is dropped: nobody asked for it.
            if (pending != null)
            {
                try
                {
                    pending.Wait();
                }
                catch (AggregateException)
                {
                }
            }
        }
    }

    private Task<ImageBatch> Start(ImageBatch target, int[] order, int epoch, int index) =>
        Task.Run(() =>
        {
            Fill(target, order, epoch, index);
            return target;
        });

    private void Fill(ImageBatch batch, int[] order, int epoch, int index)
    {
        var start = index * Options.BatchSize;
        var count = Math.Min(Options.BatchSize, Dataset.Count - start);
        var random = new Random(SeedMix.Combine(Options.Seed, epoch, index, 0xa09));
        assembler.Fill(batch, order.AsSpan(start, count), random);
        batch.Epoch = epoch;
        batch.Index = index;
    }
}

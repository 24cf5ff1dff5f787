namespace NasSharp.Kernels;

/// <summary>
/// Runs kernel work split into a fixed number of blocks. The split never depends on the thread
/// count: a block is always computed by one thread, in the same order, so results are bitwise
/// identical whether one thread or many run them (every kernel relies on this for determinism).
/// </summary>
public static class KernelParallel
{
    private static int threadCount = Math.Max(1, Environment.ProcessorCount);

    /// <summary>How many threads kernels may use. Defaults to the processor count.</summary>
    public static int ThreadCount
    {
        get => threadCount;
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "KernelParallel.ThreadCount must be at least 1.");
            }

            threadCount = value;
        }
    }

    /// <summary>Calls <paramref name="body"/> once for every block index in [0, blockCount).</summary>
    public static void For(int blockCount, Action<int> body)
    {
        if (blockCount <= 0)
        {
            return;
        }

        if (threadCount == 1 || blockCount == 1)
        {
            for (var b = 0; b < blockCount; b++)
            {
                body(b);
            }

            return;
        }

        Parallel.For(0, blockCount, new ParallelOptions { MaxDegreeOfParallelism = threadCount }, body);
    }

    /// <summary>Number of blocks of at most <paramref name="blockSize"/> items that cover <paramref name="count"/> items.</summary>
    public static int BlockCount(int count, int blockSize) => (count + blockSize - 1) / blockSize;
}

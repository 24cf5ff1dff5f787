namespace NasSharp.Kernels;

/// <summary>
/// Runs kernel work split into a fixed number of blocks. The split never depends on the thread
/// count: a block is always computed by one thread, in the same order, so results are bitwise
/// identical whether one thread or many run them (every kernel relies on this for determinism).
/// Blocks run on the calling thread plus up to <see cref="ThreadCount"/> - 1 persistent
/// <see cref="KernelWorkers"/>; the state-passing overload with a static lambda allocates nothing.
/// A call made from inside a block, or while another thread's call occupies the workers, runs its
/// blocks sequentially on the calling thread (same blocks, same results).
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
    public static void For(int blockCount, Action<int> body) => For(blockCount, body, static (action, block) => action(block));

    /// <summary>
    /// Calls <paramref name="body"/>(<paramref name="state"/>, block) once for every block index in
    /// [0, blockCount). With a static lambda and a struct state nothing is allocated per call.
    /// </summary>
    public static void For<TState>(int blockCount, TState state, Action<TState, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var threads = Math.Min(threadCount, blockCount);
        if (threads <= 1 || !KernelWorkers.TryRun(blockCount, threads, state, body))
        {
            for (var b = 0; b < blockCount; b++)
            {
                body(state, b);
            }
        }
    }

    /// <summary>Number of blocks of at most <paramref name="blockSize"/> items that cover <paramref name="count"/> items.</summary>
    public static int BlockCount(int count, int blockSize) => (count + blockSize - 1) / blockSize;
}

using System.Runtime.ExceptionServices;

namespace NasSharp.Kernels;

/// <summary>
/// The persistent worker threads behind <see cref="KernelParallel"/> (ggml-style: a fixed pool, the
/// caller works too, blocks are claimed from a shared counter). One job runs at a time; a call that
/// finds the pool busy, or comes from inside a block, returns false and its caller runs the blocks
/// itself. Each worker is woken through its own semaphore, so a caller that finishes every block before
/// a worker wakes takes the wake-up back instead of waiting for a thread the OS has not scheduled yet.
/// </summary>
internal static class KernelWorkers
{
    private static readonly Lock Gate = new();
    private static readonly ManualResetEventSlim Done = new(false);
    private static SemaphoreSlim[] wakeUps = [];

    [ThreadStatic]
    private static bool insideBlock;

    // The current job; written by the caller before it wakes workers, read by them after waking.
    private static Job? current;
    private static int nextBlock;
    private static int blockCount;
    private static int running;
    private static Exception? failure;

    /// <summary>Runs the blocks on the caller and <paramref name="threads"/> - 1 workers; false when the pool is unavailable.</summary>
    public static bool TryRun<TState>(int blocks, int threads, TState state, Action<TState, int> body)
    {
        if (insideBlock || !Gate.TryEnter())
        {
            return false;
        }

        try
        {
            var helpers = threads - 1;
            EnsureWorkers(helpers);
            var job = Job<TState>.Cached;
            (job.State, job.Body) = (state, body);
            (current, nextBlock, blockCount, running, failure) = (job, 0, blocks, helpers, null);
            Done.Reset();
            for (var w = 0; w < helpers; w++)
            {
                wakeUps[w].Release();
            }

            RunBlocks(job);
            WaitForHelpers(helpers);
            (job.State, job.Body, current) = (default!, null, null);
            if (failure is { } error)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }

            return true;
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static void WaitForHelpers(int helpers)
    {
        var revoked = 0;
        for (var w = 0; w < helpers; w++)
        {
            if (wakeUps[w].Wait(0))
            {
                revoked++;
            }
        }

        if (Interlocked.Add(ref running, -revoked) != 0)
        {
            Done.Wait();
        }
    }

    private static void RunBlocks(Job job)
    {
        insideBlock = true;
        try
        {
            int block;
            while ((block = Interlocked.Increment(ref nextBlock) - 1) < blockCount)
            {
                job.Run(block);
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            Volatile.Write(ref nextBlock, int.MaxValue / 2);
        }
        finally
        {
            insideBlock = false;
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (wakeUps.Length >= count)
        {
            return;
        }

        var grown = new SemaphoreSlim[count];
        wakeUps.CopyTo(grown, 0);
        for (var w = wakeUps.Length; w < count; w++)
        {
            var wakeUp = grown[w] = new SemaphoreSlim(0);
            new Thread(() => WorkLoop(wakeUp)) { IsBackground = true, Name = $"NasSharp kernel worker {w}" }.Start();
        }

        wakeUps = grown;
    }

    private static void WorkLoop(SemaphoreSlim wakeUp)
    {
        while (true)
        {
            wakeUp.Wait();
            RunBlocks(Volatile.Read(ref current)!);
            if (Interlocked.Decrement(ref running) == 0)
            {
                Done.Set();
            }
        }
    }

    /// <summary>A type-erased block body, so workers can run any state type.</summary>
    private abstract class Job
    {
        public abstract void Run(int block);
    }

    /// <summary>One reusable job object per state type (jobs never overlap: they run under the gate).</summary>
    private sealed class Job<TState> : Job
    {
        public static readonly Job<TState> Cached = new();

        public TState State = default!;

        public Action<TState, int>? Body;

        public override void Run(int block) => Body!(State, block);
    }
}

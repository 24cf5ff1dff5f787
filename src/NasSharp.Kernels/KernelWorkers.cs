using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;

namespace NasSharp.Kernels;

/// <summary>
/// The persistent worker threads behind <see cref="KernelParallel"/> (ggml-style: a fixed pool, the
/// caller works too, each thread claims the blocks of its own contiguous range first, then helps with the others'). One job runs at a time; a call that
/// finds the pool busy, or comes from inside a block, returns false and its caller runs the blocks
/// itself. Each worker is woken through its own semaphore, so a caller that finishes every block before
/// a worker wakes takes the wake-up back instead of waiting for a thread the OS has not scheduled yet;
/// a worker that did wake reports the job generation it finished, and the caller returns (and the
/// job's buffers may be unpinned) only once every such worker has reported the current generation.
/// </summary>
internal static class KernelWorkers
{
    // How long an idle worker keeps looking for the next job before it sleeps (50 microseconds).
    private static readonly long SpinTicks = Stopwatch.Frequency / 20_000;

    private static readonly Lock Gate = new();
    private static Worker[] workers = [];

    [ThreadStatic]
    private static bool insideBlock;

    // The current job; written by the caller before it wakes workers, read by them after waking.
    private static Job? current;
    private static int generation;
    // Participant p (the caller is 0, worker w is w + 1) owns blocks [p * blocks / threads, (p + 1) * blocks / threads):
    // it claims its own range first, in order, then helps with the others'. Consecutive kernels over the same tensor
    // therefore run the same elements on the same core, which keeps them in that core's cache.
    private static int[] nextBlock = [];

    // Each participant's counter on a cache line of its own (16 ints = 64 bytes), so claiming does not bounce a shared line.
    private const int Pad = 16;
    private static int[] rangeEnd = [];
    private static int participants;
    private static Exception? failure;

    /// <summary>Runs the blocks on the caller and <paramref name="threads"/> - 1 workers; false when the pool is unavailable.</summary>
    public static bool TryRun<TState>(int blocks, int threads, TState state, Action<TState, int> body)
    {
        // The state type's job object is made on its first call whether or not the workers are free, so a caller that
        // is warm never allocates, even when its first calls found the workers busy and ran their blocks alone.
        var job = Job<TState>.Cached;
        if (insideBlock || !Gate.TryEnter())
        {
            return false;
        }

        try
        {
            var helpers = threads - 1;
            EnsureWorkers(helpers);
            (job.State, job.Body) = (state, body);
            EnsureRanges(threads);
            for (var p = 0; p < threads; p++)
            {
                (nextBlock[p * Pad], rangeEnd[p]) = ((int)((long)p * blocks / threads), (int)((long)(p + 1) * blocks / threads));
            }

            (current, participants, failure) = (job, threads, null);
            generation++;
            for (var w = 0; w < helpers; w++)
            {
                workers[w].WakeUp.Release();
            }

            RunBlocks(job, 0);
            for (var w = 0; w < helpers; w++)
            {
                workers[w].AwaitOrRevoke(generation);
            }

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

    private static void RunBlocks(Job job, int participant)
    {
        insideBlock = true;
        var count = Volatile.Read(ref participants);
        try
        {
            for (var k = 0; k < count; k++)
            {
                var owner = (participant + k) % count;
                int block;
                while ((block = Interlocked.Increment(ref nextBlock[owner * Pad]) - 1) < rangeEnd[owner])
                {
                    job.Run(block);
                }
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            for (var p = 0; p < count; p++)
            {
                Volatile.Write(ref nextBlock[p * Pad], int.MaxValue / 2);
            }
        }
        finally
        {
            insideBlock = false;
        }
    }

    private static void EnsureRanges(int threads)
    {
        if (rangeEnd.Length < threads)
        {
            (nextBlock, rangeEnd) = (new int[threads * Pad], new int[threads]);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (workers.Length >= count)
        {
            return;
        }

        var grown = new Worker[count];
        workers.CopyTo(grown, 0);
        for (var w = workers.Length; w < count; w++)
        {
            var worker = grown[w] = new Worker(w + 1);
            new Thread(worker.Loop) { IsBackground = true, Name = $"NasSharp kernel worker {w}" }.Start();
        }

        workers = grown;
    }

    /// <summary>One worker thread: woken per job, reports the generation of the last job it finished.</summary>
    [SuppressMessage("Design", "CA1001", Justification = "Workers, and their wait handles, live as long as the process.")]
    private sealed class Worker(int participant)
    {
        private readonly ManualResetEventSlim done = new(false);
        private int finished;

        public SemaphoreSlim WakeUp { get; } = new(0);

        public void Loop()
        {
            var seen = 0;
            while (true)
            {
                // A training step is a burst of short kernels: stay awake briefly for the next job instead of paying
                // the OS wake-up (tens of microseconds) on every one. A job is this worker's only once it takes the
                // wake-up, so a caller that revoked it meanwhile has finished without it.
                if (!SpinForWakeUp(seen))
                {
                    WakeUp.Wait();
                }

                var job = Volatile.Read(ref generation);
                seen = job;
                RunBlocks(Volatile.Read(ref current)!, participant);
                Volatile.Write(ref finished, job);
                done.Set();
            }
        }

        // True when a job newer than seen was posted, and its wake-up taken, within the spin window.
        private bool SpinForWakeUp(int seen)
        {
            var deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                if (Volatile.Read(ref generation) != seen && WakeUp.Wait(0))
                {
                    return true;
                }

                Thread.SpinWait(20);
            }

            return false;
        }

        /// <summary>Takes back this job's wake-up if the worker has not consumed it, else waits until it finished <paramref name="job"/>.</summary>
        public void AwaitOrRevoke(int job)
        {
            if (WakeUp.Wait(0))
            {
                return;
            }

            // The event may still be set from an earlier job: reset and re-check until the generation matches.
            while (Volatile.Read(ref finished) != job)
            {
                done.Wait();
                done.Reset();
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

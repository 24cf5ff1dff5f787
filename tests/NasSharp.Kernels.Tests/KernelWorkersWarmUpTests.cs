namespace NasSharp.Kernels.Tests;

/// <summary>
/// A kernel whose first calls found the workers busy (another thread's kernel holding them) ran its blocks alone; once
/// the workers are free, its next call must still allocate nothing on the calling thread: the per-state-type job object
/// is made on the first call either way. Before, it was made on the first call that got the workers, so the allocation
/// tests failed now and then when another test's kernels held the workers during their warm-up.
/// </summary>
[Collection(nameof(ThreadCountSensitive))]
public class KernelWorkersWarmUpTests
{
    [Fact]
    public void FirstCallWhileWorkersBusy_NextCallWithFreeWorkers_AllocatesNothing()
    {
        var saved = KernelParallel.ThreadCount;
        using var release = new ManualResetEventSlim();
        using var holding = new CountdownEvent(2);
        try
        {
            KernelParallel.ThreadCount = 2;
            var holder = new Thread(() => KernelParallel.For(2, (Holding: holding, Release: release), static (s, _) =>
            {
                s.Holding.Signal();
                s.Release.Wait();
            }));
            holder.Start();
            Assert.True(holding.Wait(TimeSpan.FromSeconds(30)), "the holder's two blocks did not start");

            var sums = new long[4];
            var allocated = -1L;
            for (var call = 0; call < 2; call++)
            {
                // One call site for both calls (a lambda's cached delegate is made on its site's first evaluation).
                var before = GC.GetAllocatedBytesForCurrentThread();
                KernelParallel.For(4, new UniqueState(sums), static (s, block) => s.Sums[block] += block);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (call == 0)
                {
                    release.Set();
                    holder.Join();
                }
            }

            Assert.Equal([0L, 2L, 4L, 6L], sums);
            Assert.Equal(0, allocated);
        }
        finally
        {
            release.Set();
            KernelParallel.ThreadCount = saved;
        }
    }

    /// <summary>A state type no other kernel uses, so its job object cannot exist before this test.</summary>
    private readonly record struct UniqueState(long[] Sums);
}

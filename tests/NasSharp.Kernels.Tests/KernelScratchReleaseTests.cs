using System.Runtime.CompilerServices;

namespace NasSharp.Kernels.Tests;

/// <summary>
/// The scratch buffers of a thread that ended are freed (its <see cref="KernelScratch.ThreadBuffers"/> finalized). In a
/// collection of its own, run alone, so no other test's threads make or free buffers while the count is read.
/// </summary>
[CollectionDefinition(nameof(KernelScratchReleaseTests), DisableParallelization = true)]
[Collection(nameof(KernelScratchReleaseTests))]
public class KernelScratchReleaseTests
{
    private const long Floats = 16L << 20; // 64 MiB

    [Fact]
    public void The_buffers_of_a_thread_that_ended_are_freed()
    {
        CollectUntilSettled();
        var before = KernelScratch.HeldByAllThreads;
        var thread = new Thread(UseScratch);
        thread.Start();
        thread.Join();
        Assert.True(KernelScratch.HeldByAllThreads >= before + (Floats * sizeof(float)), "the thread's buffer is counted while it may still be finalized");

        CollectUntilSettled();

        Assert.True(KernelScratch.HeldByAllThreads <= before, $"{KernelScratch.HeldByAllThreads - before} bytes still held after the thread ended");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void UseScratch() => new Span<float>(KernelScratch.Get(KernelScratch.Staging, Floats), 16).Fill(1f);

    private static void CollectUntilSettled()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}

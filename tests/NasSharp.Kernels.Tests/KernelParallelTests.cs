namespace NasSharp.Kernels.Tests;

[Collection(nameof(ThreadCountSensitive))]
public class KernelParallelTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(4, 3)]
    [InlineData(4, 1000)]
    public void For_AnyThreadCount_RunsEveryBlockExactlyOnce(int threads, int blocks)
    {
        var counts = new int[blocks];
        WithThreads(threads, () => KernelParallel.For(blocks, b => Interlocked.Increment(ref counts[b])));
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void For_WithState_PassesTheStateToEveryBlock()
    {
        var sums = new long[64];
        WithThreads(2, () => KernelParallel.For(sums.Length, (Sums: sums, Offset: 5L), static (s, b) => s.Sums[b] = b + s.Offset));
        Assert.Equal(Enumerable.Range(0, 64).Select(b => b + 5L), sums);
    }

    [Fact]
    public void For_NestedInsideABlock_RunsTheInnerBlocksToo()
    {
        var counts = new int[8 * 8];
        WithThreads(2, () => KernelParallel.For(8, outer => KernelParallel.For(8, inner => Interlocked.Increment(ref counts[(outer * 8) + inner]))));
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void For_BlockThrows_RethrowsOnTheCallerAndStaysUsable()
    {
        WithThreads(2, () =>
        {
            Assert.Throws<InvalidOperationException>(() => KernelParallel.For(16, b => throw new InvalidOperationException($"block {b}")));
            var counts = new int[16];
            KernelParallel.For(16, b => Interlocked.Increment(ref counts[b]));
            Assert.All(counts, c => Assert.Equal(1, c));
        });
    }

    [Fact]
    public void For_ConcurrentCallers_EachRunsAllItsBlocks()
    {
        var counts = new int[4, 100];
        WithThreads(2, () => Parallel.For(0, 4, caller =>
        {
            for (var repeat = 0; repeat < 20; repeat++)
            {
                KernelParallel.For(5, b => Interlocked.Increment(ref counts[caller, (repeat * 5) + b]));
            }
        }));
        Assert.All(counts.Cast<int>(), c => Assert.Equal(1, c));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void For_ManyTinyCallsBackToBack_EveryBlockFinishesBeforeTheCallReturns(int threads)
    {
        var count = 0;
        var late = 0;
        WithThreads(threads, () =>
        {
            for (var call = 1; call <= 20000; call++)
            {
                KernelParallel.For(threads, _ => Interlocked.Increment(ref count));
                late += Volatile.Read(ref count) == threads * call ? 0 : 1;
            }
        });
        Assert.Equal(0, late);
    }

    [Fact]
    public void ThreadCount_BelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelParallel.ThreadCount = 0);
    }

    private static void WithThreads(int threads, Action action)
    {
        var saved = KernelParallel.ThreadCount;
        try
        {
            KernelParallel.ThreadCount = threads;
            action();
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }
}

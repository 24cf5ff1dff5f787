using System.Runtime.InteropServices;

namespace NasSharp.Kernels;

/// <summary>
/// Per-thread scratch buffers for kernels, kept between calls so a warm training step allocates no
/// scratch (an <see cref="System.Buffers.ArrayPool{T}"/> rent costs a lock-free but shared lookup, and
/// these need no <c>fixed</c>). A slot is owned by one kind of use at a time, so kernels that
/// call each other on one thread use different slots; contents never survive across kernel calls.
/// </summary>
/// <remarks>
/// Each buffer is a page-aligned native allocation of its own thread, freed when the thread ends (the thread's
/// <see cref="ThreadBuffers"/> is finalized). Until session 32 they were pinned arrays, which the pinned object heap
/// placed side by side for threads that made them at about the same time; two threads then running shifted-row
/// convolutions at once (28 x 28 planes) each ran 1.4-2.6x slower than alone, on separate tensors and with
/// separate buffers, and the kernel driver's two-thread 28 x 28 forward no faster than one thread. 16 KB of padding
/// around each array did not remove it, separate page-aligned allocations did (the cause is not pinned down: the
/// virtual machine it was found on has no hardware counters).
/// </remarks>
internal static unsafe class KernelScratch
{
    /// <summary>Packed A blocks of <see cref="Gemm"/>.</summary>
    public const int GemmA = 0;

    /// <summary>Packed B panels of <see cref="Gemm"/>.</summary>
    public const int GemmB = 1;

    /// <summary>Data a kernel shares with all its blocks, owned by the calling thread (packed weights, partial sums).</summary>
    public const int Shared = 2;

    /// <summary>A block's staged input (a zero-padded image, an im2col matrix).</summary>
    public const int Staging = 3;

    /// <summary>A block's packed operand panel.</summary>
    public const int Panel = 4;

    /// <summary>The B operand of a <see cref="Gemm"/> packed once for all its row blocks, owned by the calling thread.</summary>
    public const int GemmShared = 5;

    /// <summary>A subsampled input or its gradient, owned by the calling thread (<see cref="PointwiseStridedConvolution"/>), while the stride-1 kernels it calls use the other slots.</summary>
    public const int Subsample = 6;

    /// <summary>A block's running tap totals (the depthwise weight gradient split by channels: <see cref="DepthwiseWeightBlocks"/>).</summary>
    public const int TapTotals = 7;

    /// <summary>One half of a factorized reduction's output or output gradient, channels contiguous (<see cref="FactorizedReduction"/>), owned by the calling thread.</summary>
    public const int ReductionHalf = 8;

    /// <summary>The second subsample's input gradient of a factorized reduction (<see cref="FactorizedReduction"/>), owned by the calling thread.</summary>
    public const int ReductionGradient = 9;

    /// <summary>The lane masks of the depthwise taps on flat planes (<see cref="DepthwiseFlatPlanes"/>), kept while the geometry stays the same.</summary>
    public const int DepthwiseTapMasks = 10;

    /// <summary>The alignment of every buffer, and the least it holds: one page.</summary>
    public const int PageBytes = 4096;

    /// <summary>How many slots each thread has.</summary>
    public const int SlotCount = 11;

    private static long heldByAllThreads;

    [ThreadStatic]
    private static ThreadBuffers? buffers;

    /// <summary>Bytes held by the buffers of every thread, those of ended threads until they are finalized.</summary>
    public static long HeldByAllThreads => Interlocked.Read(ref heldByAllThreads);

    /// <summary>This thread's buffers (made on first use).</summary>
    public static ThreadBuffers OfThisThread => buffers ??= new ThreadBuffers();

    /// <summary>A page-aligned buffer of at least <paramref name="length"/> floats in <paramref name="slot"/> of this thread (contents undefined).</summary>
    public static float* Get(int slot, long length) => OfThisThread.Get(slot, length);

    /// <summary>One thread's buffers, whole pages each, freed by its finalizer once the thread has ended.</summary>
    public sealed class ThreadBuffers
    {
        private readonly nint[] addresses = new nint[SlotCount];
        private readonly long[] bytes = new long[SlotCount];

        ~ThreadBuffers() => ReleaseAll();

        /// <summary>Bytes these buffers hold.</summary>
        public long HeldBytes => bytes.Sum();

        /// <summary>The buffer of <paramref name="slot"/>, at least <paramref name="length"/> floats (contents undefined).</summary>
        public float* Get(int slot, long length)
        {
            var needed = checked(length * sizeof(float));
            if (addresses[slot] == 0 || bytes[slot] < needed)
            {
                // Grow by half at least, so a slot that creeps up is not reallocated call after call; whole pages, so no
                // other allocation shares a page with it.
                var size = Math.Max(needed, bytes[slot] * 3 / 2);
                size = Math.Max(PageBytes, (size + PageBytes - 1) / PageBytes * PageBytes);
                var grown = (nint)NativeMemory.AlignedAlloc((nuint)size, PageBytes);
                Release(slot);
                (addresses[slot], bytes[slot]) = (grown, size);
                Interlocked.Add(ref heldByAllThreads, size);
            }

            return (float*)addresses[slot];
        }

        /// <summary>Frees every buffer (the finalizer's work; a later <see cref="Get"/> allocates again).</summary>
        public void ReleaseAll()
        {
            for (var slot = 0; slot < SlotCount; slot++)
            {
                Release(slot);
            }
        }

        private void Release(int slot)
        {
            if (addresses[slot] != 0)
            {
                NativeMemory.AlignedFree((void*)addresses[slot]);
                Interlocked.Add(ref heldByAllThreads, -bytes[slot]);
                (addresses[slot], bytes[slot]) = (0, 0);
            }
        }
    }
}

using System.Runtime.CompilerServices;

namespace NasSharp.Kernels;

/// <summary>
/// Per-thread scratch buffers for kernels, kept between calls so a warm training step allocates no
/// scratch (an <see cref="System.Buffers.ArrayPool{T}"/> rent costs a lock-free but shared lookup, and
/// the pinned buffers here need no <c>fixed</c>). Each buffer is pinned and 64-byte aligned (one
/// cache line, the width of a Vector512). A slot is owned by one kind of use at a time, so kernels that
/// call each other on one thread use different slots; contents never survive across kernel calls.
/// </summary>
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

    private const int Slots = 8;
    private const int AlignFloats = 16;

    [ThreadStatic]
    private static float[]?[]? buffers;

    /// <summary>An aligned buffer of at least <paramref name="length"/> floats in <paramref name="slot"/> of this thread (contents undefined).</summary>
    public static float* Get(int slot, long length)
    {
        var own = buffers ??= new float[]?[Slots];
        var buffer = own[slot];
        if (buffer == null || buffer.Length < length + AlignFloats)
        {
            var size = Math.Max(length + AlignFloats, (buffer?.Length ?? 0) * 3L / 2);
            buffer = own[slot] = GC.AllocateUninitializedArray<float>(checked((int)size), pinned: true);
        }

        var address = (nint)Unsafe.AsPointer(ref buffer[0]);
        return (float*)((address + (AlignFloats * sizeof(float)) - 1) & ~(nint)((AlignFloats * sizeof(float)) - 1));
    }
}

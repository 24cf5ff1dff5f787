using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// When a kernel writes its output with non-temporal (streaming) stores. An ordinary store first reads the cache line it
/// writes (read for ownership), so a pass that writes a fresh tensor of megabytes moves its output through the memory bus
/// twice and evicts its own input from L2 on the way; streaming stores write whole lines straight to memory. In a
/// training step a tensor that large comes from and goes to memory anyway (NasSharp's spos step keeps 675 MB live), so the
/// batch-norm forward pass of the spos step took 23-58% less time with them (session 14, <c>nas bench engine --mode spos
/// --profile</c>, two alternated runs). Below <see cref="MinBytes"/> the output may still be in cache when the next op
/// reads it, so ordinary stores are kept. The stored values are the same either way; only where they go differs.
/// </summary>
internal static class StreamingStores
{
    /// <summary>The smallest output (bytes) written with streaming stores: about the size of a core's L2 cache.</summary>
    public const long MinBytes = 1 << 20;

    /// <summary>Whether an output of <paramref name="floats"/> floats is written with streaming stores on this machine.</summary>
    public static bool Pay(long floats) => Vector512.IsHardwareAccelerated && Avx512F.IsSupported && floats * sizeof(float) >= MinBytes;

    /// <summary>
    /// Makes this thread's streaming stores visible to other threads before it signals them (they are weakly ordered);
    /// call once when a block that used them is done.
    /// </summary>
    public static void Fence()
    {
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }
}

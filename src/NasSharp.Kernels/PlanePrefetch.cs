using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Software prefetch of one channel's planes across a batch (NCHW: a plane every C x H x W floats). Small planes (8 x 8
/// is 256 bytes) read channel by channel are short runs 4-16 KB apart, too short for the hardware's stream prefetcher
/// to follow, so a kernel reading them from memory waits for every line; asking for the next channel's lines while
/// the current one is computed overlaps those waits (Intel 64 and IA-32 Architectures Optimization Reference Manual,
/// "Software Prefetch"). It changes no value.
/// </summary>
internal static unsafe class PlanePrefetch
{
    private const int LineFloats = 16;

    /// <summary>Planes of at most this many floats (16 x 16) are prefetched; longer ones are streams the hardware follows.</summary>
    public const int MaxPlane = 256;

    /// <summary>Whether planes of <paramref name="spatial"/> floats are worth prefetching (and the instruction exists).</summary>
    public static bool Pays(int spatial) => Sse.IsSupported && spatial <= MaxPlane;

    /// <summary>Prefetches <paramref name="planes"/> planes of <paramref name="spatial"/> floats, <paramref name="stride"/> floats apart, into every cache level.</summary>
    public static void Planes(float* first, long stride, int planes, int spatial)
    {
        for (var n = 0; n < planes; n++)
        {
            var plane = first + (n * stride);
            for (var i = 0; i < spatial; i += LineFloats)
            {
                Sse.Prefetch0(plane + i);
            }
        }
    }
}

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The walk shared by the depthwise weight-gradient paths that hold a group of up to three kernel rows' chains in
/// registers (<see cref="DepthwiseMaskedRowWeights"/> at stride 1, <see cref="DepthwiseStrideTwoWeights"/> at stride 2):
/// image by image, each image's planes of the block's channels in turn, each plane once per group of kernel rows, whose
/// per-image chains (from zero) join the taps' totals in image order; the totals' lanes are summed once, at the end, and
/// added to dw. The pass (<see cref="IKernelRowPass"/>) reads one plane for one group; it is a struct type parameter, so
/// each path's loops compile as its own.
/// </summary>
internal static unsafe class DepthwiseKernelRowGroups
{
    /// <summary>How many planes ahead of the one in work the walk prefetches (small planes only).</summary>
    private const int PlanesAhead = 4;

    /// <summary>Each image's chains of dY[n, co] times the input under each tap, into <paramref name="totals"/>, for the channels [first, end) and images [firstImage, endImage).</summary>
    public static void Accumulate<TPass>(TPass pass, Conv2dGeometry g, float* x, float* dy, DepthwiseTapTotals totals, int first, int end, int firstImage, int endImage)
        where TPass : struct, IKernelRowPass
    {
        var (span, planes) = (end - first, (endImage - firstImage) * (end - first));
        // Small planes, and planes whose rows are not whole 512-bit vectors (the stride-2 pass reads them under masks, and
        // masked reads that miss the caches are several times slower on AMD's Zen 5: 28 x 28 inputs ran 3.2x slower
        // from memory than from the caches, session 34).
        var prefetch = PlanePrefetch.Pays(g.InPlane) || (Sse.IsSupported && g.W % 16 != 0);
        for (var n = firstImage; n < endImage; n++)
        {
            for (var co = first; co < end; co++)
            {
                var ci = co / g.OutPerGroup;
                var plane = x + ((((long)n * g.Cin) + ci) * g.InPlane);
                var gradient = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                var ahead = ((n - firstImage) * span) + (co - first) + PlanesAhead;
                if (prefetch && ahead < planes)
                {
                    // Planes of 16 x 16 and less are runs too short for the hardware's prefetcher: ask for the input and
                    // output-gradient planes a few steps ahead in the walk's order.
                    var (image, channel) = Math.DivRem(ahead, span);
                    var (nextImage, nextChannel) = (firstImage + image, first + channel);
                    PlanePrefetch.Planes(x + ((((long)nextImage * g.Cin) + (nextChannel / g.OutPerGroup)) * g.InPlane), 0, 1, g.InPlane);
                    PlanePrefetch.Planes(dy + ((((long)nextImage * g.Cout) + nextChannel) * g.OutPlane), 0, 1, g.OutPlane);
                }

                var channelSums = totals.For(n, co - first);
                for (var kh0 = 0; kh0 < g.KH; kh0 += 3)
                {
                    var at = channelSums + (kh0 * g.KW);
                    switch (Math.Min(3, g.KH - kh0), g.KW)
                    {
                        case (1, 3): pass.KernelRows<One, Three>(plane, gradient, kh0, at); break;
                        case (2, 3): pass.KernelRows<Two, Three>(plane, gradient, kh0, at); break;
                        case (3, 3): pass.KernelRows<Three, Three>(plane, gradient, kh0, at); break;
                        case (1, 5): pass.KernelRows<One, Five>(plane, gradient, kh0, at); break;
                        case (2, 5): pass.KernelRows<Two, Five>(plane, gradient, kh0, at); break;
                        default: pass.KernelRows<Three, Five>(plane, gradient, kh0, at); break;
                    }
                }
            }
        }
    }

    /// <summary>A kernel row's totals += its chains (three, or five).</summary>
    public static void Add(Vector256<float>* sums, Vector256<float> c0, Vector256<float> c1, Vector256<float> c2, Vector256<float> c3, Vector256<float> c4, bool five)
    {
        (sums[0], sums[1], sums[2]) = (sums[0] + c0, sums[1] + c1, sums[2] + c2);
        if (five)
        {
            (sums[3], sums[4]) = (sums[3] + c3, sums[4] + c4);
        }
    }
}

/// <summary>One image's plane, one group of kernel rows: what a <see cref="DepthwiseKernelRowGroups"/> walk runs.</summary>
internal unsafe interface IKernelRowPass
{
    /// <summary>
    /// The chains of kernel rows [kh0, kh0 + TRows) over the plane (TColumns each, row by row), from zero, added to
    /// <paramref name="sums"/> (those kernel rows' totals).
    /// </summary>
    void KernelRows<TRows, TColumns>(float* plane, float* gradient, int kh0, Vector256<float>* sums)
        where TRows : struct, ICount
        where TColumns : struct, ICount;
}

using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise weight gradient of planes 8 wide at stride 1 with same-size output (a ShuffleNetV2's 8 x 8 stage):
/// an output row is one 8-lane chunk, so dY is read in place, and the input plane is staged once per image between
/// zero rows (no padded columns: a tap's lanes whose column leaves the row are masked to zero). Every tap's chain per
/// image and lane has the operands of <see cref="DepthwiseTaps.AccumulateDots"/> over the padded phase staging (dY,
/// then the input or a zero, rows in order, from zero), and the chains are added to the tap's lanes in image order,
/// so the bits are the staged path's (<c>DepthwiseBackwardWeightOrderTests</c>); the padded rows, the gradient chunks
/// and the per-chunk offsets go.
/// <para>
/// 3x3 kernels (padding 1, no dilation) take <see cref="AccumulateThreeByThree"/> instead, a block of channels image
/// by image (<see cref="DepthwiseWeightBlocks"/>): each input row is loaded once, its two column shifts made in
/// registers (a lane permute with zero fill), and the three rows the kernel rows reach kept in registers from one
/// output row to the next, so the nine taps' chains run side by side with one load of the input and one of dY per
/// output row. In a one-thread probe on the AMD host (session 27) that took 48-53 cycles per plane where the staged,
/// masked walk above took 127-136; reading the shifts back from a staging buffer (masked or pre-shifted, aligned) took
/// 92-100 even with nine chains.
/// </para>
/// </summary>
internal static unsafe class DepthwiseEightWideWeights
{
    // How many images ahead the planes are prefetched: about a memory latency of this loop's work per image.
    private const int PrefetchImages = 4;

    private const int Width = 8;

    /// <summary>Whether <see cref="Accumulate"/> takes <paramref name="g"/>: depthwise, stride 1, W = 8, output the input's size.</summary>
    public static bool Applies(Conv2dGeometry g) =>
        Vector256.IsHardwareAccelerated && g.IsDepthwise && g.Stride == 1 && g.W == Width && g.OutW == Width && g.OutH == g.H && g.Padding < Width;

    /// <summary>Whether <paramref name="g"/> goes through <see cref="AccumulateThreeByThree"/>: 3x3 taps at padding 1, no dilation.</summary>
    public static bool TakesThreeByThree(Conv2dGeometry g) => Applies(g) && g.KH == 3 && g.KW == 3 && g.Dilation == 1 && g.Padding == 1;

    /// <summary>dw[co, tap] += the sum over images, in order, of dY[n, co] times the input under the tap.</summary>
    public static void Accumulate(Conv2dGeometry g, float* x, float* dy, float* dw, int co)
    {
        var taps = g.KH * g.KW;
        var ci = co / g.OutPerGroup;
        var offsets = stackalloc int[taps];
        var masksSpace = stackalloc int[(taps * Width) + (CacheLineAlignment.Slack / sizeof(int))];
        var masks = CacheLineAlignment.Up(masksSpace);
        var sums = stackalloc Vector256<float>[taps];
        for (var t = 0; t < taps; t++)
        {
            var (kh, kw) = Math.DivRem(t, g.KW);
            var (rows, cols) = ((kh * g.Dilation) - g.Padding, (kw * g.Dilation) - g.Padding);
            offsets[t] = (rows * Width) + cols;
            sums[t] = Vector256<float>.Zero;
            for (var lane = 0; lane < Width; lane++)
            {
                var column = lane + cols;
                masks[(t * Width) + lane] = column >= 0 && column < Width ? -1 : 0;
            }
        }

        // The input plane between P zero rows above and below, and a vector's slack for the masked lanes.
        var lead = Width + (g.Padding * Width);
        var length = lead + (g.H * Width) + lead;
        var staging = stackalloc float[length];
        new Span<float>(staging, length).Clear();
        var plane = staging + lead;
        for (var n = 0; n < g.N; n++)
        {
            if (n + PrefetchImages < g.N)
            {
                // This channel's planes of a later image (4-16 KB apart across images, too far apart for the hardware
                // prefetcher): asked for now, in cache when that image comes.
                PlanePrefetch.Planes(x + ((((long)(n + PrefetchImages) * g.Cin) + ci) * g.InPlane), 0, 1, g.InPlane);
                PlanePrefetch.Planes(dy + ((((long)(n + PrefetchImages) * g.Cout) + co) * g.OutPlane), 0, 1, g.OutPlane);
            }

            new ReadOnlySpan<float>(x + ((((long)n * g.Cin) + ci) * g.InPlane), g.InPlane).CopyTo(new Span<float>(plane, g.InPlane));
            var gradient = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
            var t = 0;
            // Four taps' chains at once: independent, so their multiply-adds overlap; each keeps its own order.
            for (; t + 4 <= taps; t += 4)
            {
                var (p0, p1, p2, p3) = ((nint)(plane + offsets[t]), (nint)(plane + offsets[t + 1]), (nint)(plane + offsets[t + 2]), (nint)(plane + offsets[t + 3]));
                var (m0, m1) = (Vector256.Load(masks + (t * Width)).AsSingle(), Vector256.Load(masks + ((t + 1) * Width)).AsSingle());
                var (m2, m3) = (Vector256.Load(masks + ((t + 2) * Width)).AsSingle(), Vector256.Load(masks + ((t + 3) * Width)).AsSingle());
                var (c0, c1, c2, c3) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
                for (var k = 0; k < g.H; k++)
                {
                    var d = Vector256.Load(gradient + (k * Width));
                    c0 = Vector256.FusedMultiplyAdd(d, Vector256.Load((float*)p0 + (k * Width)) & m0, c0);
                    c1 = Vector256.FusedMultiplyAdd(d, Vector256.Load((float*)p1 + (k * Width)) & m1, c1);
                    c2 = Vector256.FusedMultiplyAdd(d, Vector256.Load((float*)p2 + (k * Width)) & m2, c2);
                    c3 = Vector256.FusedMultiplyAdd(d, Vector256.Load((float*)p3 + (k * Width)) & m3, c3);
                }

                (sums[t], sums[t + 1], sums[t + 2], sums[t + 3]) = (sums[t] + c0, sums[t + 1] + c1, sums[t + 2] + c2, sums[t + 3] + c3);
            }

            for (; t < taps; t++)
            {
                var source = plane + offsets[t];
                var mask = Vector256.Load(masks + (t * Width)).AsSingle();
                var chain = Vector256<float>.Zero;
                for (var k = 0; k < g.H; k++)
                {
                    chain = Vector256.FusedMultiplyAdd(Vector256.Load(gradient + (k * Width)), Vector256.Load(source + (k * Width)) & mask, chain);
                }

                sums[t] += chain;
            }
        }

        for (var t = 0; t < taps; t++)
        {
            dw[((long)co * taps) + t] += Vector256.Sum(sums[t]);
        }
    }

    /// <summary>
    /// Each image's 3x3 tap chains into <paramref name="totals"/>, for the channels [first, end) and images [firstImage,
    /// endImage), image by image, each image's planes of those channels in turn (one run of memory per image: read a
    /// channel at a time across the batch, planes 4-16 KB apart, the same arithmetic moved 11-12 GB/s from memory
    /// against 20 image by image in a one-thread probe). Tap (kh, kw)'s chain per image and lane is, over output rows k
    /// in order from zero, dY row k times input row k + kh - 1 shifted by kw - 1 columns (a zero where the row or the
    /// column leaves the plane): the staged path's operands in its order.
    /// </summary>
    public static void AccumulateThreeByThree(Conv2dGeometry g, float* x, float* dy, DepthwiseTapTotals totals, int first, int end, int firstImage, int endImage)
    {
        var zero = Vector256<float>.Zero;
        // (A software prefetch of the plane 8 steps ahead in the walk, for blocks of some of the channels, which jump
        // from one image's run to the next: two threads 1.16-1.24x from memory but 0.68x from the caches; session 27.)
        for (var n = firstImage; n < endImage; n++)
        {
            for (var co = first; co < end; co++)
            {
                var plane = x + ((((long)n * g.Cin) + (co / g.OutPerGroup)) * g.InPlane);
                var gradient = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                // Input rows k - 1 (above), k (middle) and k + 1 (below), each shifted right by one column, as is, and left by one.
                var (above0, above1, above2) = (zero, zero, zero);
                var middle1 = Vector256.Load(plane);
                var (middle0, middle2) = (LaneShifts.Right(middle1), LaneShifts.Left(middle1));
                var (c0, c1, c2, c3, c4, c5, c6, c7, c8) = (zero, zero, zero, zero, zero, zero, zero, zero, zero);
                for (var k = 0; k < g.H; k++)
                {
                    var d = Vector256.Load(gradient + (k * Width));
                    var below1 = k + 1 < g.H ? Vector256.Load(plane + ((k + 1) * Width)) : zero;
                    var (below0, below2) = (LaneShifts.Right(below1), LaneShifts.Left(below1));
                    c0 = Vector256.FusedMultiplyAdd(d, above0, c0);
                    c1 = Vector256.FusedMultiplyAdd(d, above1, c1);
                    c2 = Vector256.FusedMultiplyAdd(d, above2, c2);
                    c3 = Vector256.FusedMultiplyAdd(d, middle0, c3);
                    c4 = Vector256.FusedMultiplyAdd(d, middle1, c4);
                    c5 = Vector256.FusedMultiplyAdd(d, middle2, c5);
                    c6 = Vector256.FusedMultiplyAdd(d, below0, c6);
                    c7 = Vector256.FusedMultiplyAdd(d, below1, c7);
                    c8 = Vector256.FusedMultiplyAdd(d, below2, c8);
                    (above0, above1, above2) = (middle0, middle1, middle2);
                    (middle0, middle1, middle2) = (below0, below1, below2);
                }

                var sums = totals.For(n, co - first);
                (sums[0], sums[1], sums[2]) = (sums[0] + c0, sums[1] + c1, sums[2] + c2);
                (sums[3], sums[4], sums[5]) = (sums[3] + c3, sums[4] + c4, sums[5] + c5);
                (sums[6], sums[7], sums[8]) = (sums[6] + c6, sums[7] + c7, sums[8] + c8);
            }
        }
    }
}

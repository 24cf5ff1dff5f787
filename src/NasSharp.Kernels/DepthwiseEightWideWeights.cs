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
/// </summary>
internal static unsafe class DepthwiseEightWideWeights
{
    // How many images ahead the planes are prefetched: about a memory latency of this loop's work per image.
    private const int PrefetchImages = 4;

    private const int Width = 8;

    /// <summary>Whether <see cref="Accumulate"/> takes <paramref name="g"/>: depthwise, stride 1, W = 8, output the input's size.</summary>
    public static bool Applies(Conv2dGeometry g) =>
        Vector256.IsHardwareAccelerated && g.IsDepthwise && g.Stride == 1 && g.W == Width && g.OutW == Width && g.OutH == g.H && g.Padding < Width;

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
}

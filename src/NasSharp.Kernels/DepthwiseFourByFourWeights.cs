using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise weight gradient of 4 x 4 output planes (a ShuffleNetV2's last stage: 4 x 4 inputs at stride 1, 8 x 8
/// at stride 2). The staged path gives each image and output channel one half-empty 8-lane chunk per output row and
/// stages the input's phases per image, so at this size the staging, not the multiply-adds, is the work. Here the 16
/// lanes of a vector are 16 taps of one output position instead: for each block of 16 taps and output row, a window of
/// 32 input floats (a 4 x 4 plane: its 16 and a zero vector) is loaded once from the input in place, and each
/// position's 16 tap inputs are one two-source permute of it (taps in the padding or past the filter masked to zero,
/// or on a 4 x 4 plane taken from the zero vector). The index and mask tables are 64-byte aligned: on an Ice Lake
/// Xeon, unaligned tables cost a third of the kernel's speed. The arithmetic is the
/// staged path's (<c>DepthwiseBackwardWeightOrderTests</c>): per image and output column, each tap chains from zero
/// one fused multiply-add dY x input per output row in order, the chains are added to the column's totals in image
/// order, and the four columns' totals are summed as (c0 + c1) + (c2 + c3). (The staged path's four empty columns
/// hold +0 throughout and add +0 to that sum, which leaves every value unchanged: a sum of totals that each start from
/// +0 is never -0.)
/// </summary>
internal static unsafe class DepthwiseFourByFourWeights
{
    /// <summary>Output channels per block of <see cref="Accumulate"/>: a block walks the images once, its channels'
    /// planes side by side in each image.</summary>
    public const int Channels = 32;

    private const int Side = 4;
    private const int Lanes = 16;
    private const int Window = 2 * Lanes;

    /// <summary>Whether <see cref="Accumulate"/> takes <paramref name="g"/>: depthwise, 4 x 4 outputs, 512-bit permutes,
    /// planes of 16 or at least 32 floats, and every block of 16 taps reading at most 32 floats' worth of input rows for
    /// an output row.</summary>
    public static bool Applies(Conv2dGeometry g)
    {
        if (!Avx512F.IsSupported || !g.IsDepthwise || g.OutH != Side || g.OutW != Side || g.W > Window || (g.InPlane != Lanes && g.InPlane < Window))
        {
            return false;
        }

        for (var block = 0; block < Blocks(g); block++)
        {
            for (var oh = 0; oh < Side; oh++)
            {
                var (first, last) = Rows(g, block, oh);
                if ((last - first + 1) * g.W > Window)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Ints of the tables <see cref="BuildTables"/> writes, 64-byte aligned from wherever they start.</summary>
    public static int TableLength(Conv2dGeometry g) => (Blocks(g) * Side * ((2 * Side * Lanes) + 1)) + Lanes;

    /// <summary>
    /// Per block b of 16 taps and output row oh: the window's first float, and per output column the 16 permute indices
    /// into the window and the 16 lane masks (-1 where the tap reads a real input). Returns the aligned table start.
    /// </summary>
    public static int* BuildTables(Conv2dGeometry g, int* space)
    {
        var tables = (int*)(((nint)space + 63) & ~(nint)63);
        var taps = g.KH * g.KW;
        var rows = Blocks(g) * Side;
        var indices = tables;
        var masks = tables + (rows * Side * Lanes);
        var starts = tables + (2 * rows * Side * Lanes);
        for (var block = 0; block < Blocks(g); block++)
        {
            for (var oh = 0; oh < Side; oh++)
            {
                // The window stays inside the plane and starts on a whole vector where it can (a load across two cache
                // lines costs two); a 4 x 4 plane is its own window, a zero vector the other half.
                var row = (block * Side) + oh;
                var (first, last) = Rows(g, block, oh);
                var aligned = (first * g.W) & ~(Lanes - 1);
                starts[row] = g.InPlane == Lanes ? 0 : Math.Min((last + 1) * g.W <= aligned + Window ? aligned : first * g.W, g.InPlane - Window);
                for (var ow = 0; ow < Side; ow++)
                {
                    var at = ((row * Side) + ow) * Lanes;
                    for (var lane = 0; lane < Lanes; lane++)
                    {
                        var t = (block * Lanes) + lane;
                        var (ih, iw) = Input(g, t, oh, ow);
                        var inside = t < taps && ih >= 0 && ih < g.H && iw >= 0 && iw < g.W;
                        indices[at + lane] = inside ? (ih * g.W) + iw - starts[row] : Lanes;
                        masks[at + lane] = inside ? -1 : 0;
                    }
                }
            }
        }

        return tables;
    }

    /// <summary>dw[co, tap] += the sum over images, in order, of dY[n, co] times the input under the tap, for the
    /// output channels [first, end).</summary>
    public static void Accumulate(Conv2dGeometry g, float* x, float* dy, float* dw, int first, int end, int* tables)
    {
        var taps = g.KH * g.KW;
        var blocks = Blocks(g);
        var rows = blocks * Side;
        var indices = tables;
        var masks = tables + (rows * Side * Lanes);
        var starts = tables + (2 * rows * Side * Lanes);

        // totals[((co - first) blocks + b) 4 + ow]: column ow's totals of tap block b of channel co.
        var perChannel = blocks * Side;
        var totals = (Vector512<float>*)KernelScratch.Get(KernelScratch.Staging, (long)(end - first) * perChannel * Lanes);
        for (var i = 0; i < (end - first) * perChannel; i++)
        {
            totals[i] = Vector512<float>.Zero;
        }

        // A 4 x 4 plane's padding taps take lane 16 of the window: the zero vector, so they need no mask.
        var masked = g.InPlane != Lanes;
        var (outPerGroup, inPlane) = (g.OutPerGroup, g.InPlane);
        var (firstInput, firstPosition) = Math.DivRem(first, outPerGroup);
        for (var n = 0; n < g.N; n++)
        {
            // Channel co reads input plane ci = co / outPerGroup, counted along rather than divided per plane.
            var (ci, position) = (firstInput, firstPosition);
            var image = x + ((long)n * g.Cin * inPlane);
            for (var co = first; co < end; co++)
            {
                var plane = image + ((long)ci * inPlane);
                if (++position == outPerGroup)
                {
                    (ci, position) = (ci + 1, 0);
                }

                var gradient = dy + ((((long)n * g.Cout) + co) * Lanes);
                var channelTotals = totals + ((co - first) * perChannel);
                for (var block = 0; block < blocks; block++)
                {
                    // The four columns' chains run together; each is its own chain over the output rows.
                    var (c0, c1, c2, c3) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
                    for (var oh = 0; oh < Side; oh++)
                    {
                        var row = (block * Side) + oh;
                        var window = plane + starts[row];
                        var index = indices + (row * Side * Lanes);
                        var d = gradient + (oh * Side);
                        var low = Vector512.Load(window);
                        if (!masked)
                        {
                            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(d[0]), Avx512F.PermuteVar16x32x2(low, Vector512.LoadAligned(index), Vector512<float>.Zero), c0);
                            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(d[1]), Avx512F.PermuteVar16x32x2(low, Vector512.LoadAligned(index + Lanes), Vector512<float>.Zero), c1);
                            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(d[2]), Avx512F.PermuteVar16x32x2(low, Vector512.LoadAligned(index + (2 * Lanes)), Vector512<float>.Zero), c2);
                            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(d[3]), Avx512F.PermuteVar16x32x2(low, Vector512.LoadAligned(index + (3 * Lanes)), Vector512<float>.Zero), c3);
                            continue;
                        }

                        var high = Vector512.Load(window + Lanes);
                        var mask = masks + (row * Side * Lanes);
                        c0 = Vector512.FusedMultiplyAdd(Vector512.Create(d[0]), Avx512F.PermuteVar16x32x2(low, Vector512.LoadAligned(index), high) & Vector512.LoadAligned(mask).AsSingle(), c0);
                        c1 = Vector512.FusedMultiplyAdd(Vector512.Create(d[1]), Avx512F.PermuteVar16x32x2(low, Vector512.LoadAligned(index + Lanes), high) & Vector512.LoadAligned(mask + Lanes).AsSingle(), c1);
                        c2 = Vector512.FusedMultiplyAdd(Vector512.Create(d[2]), Avx512F.PermuteVar16x32x2(low, Vector512.LoadAligned(index + (2 * Lanes)), high) & Vector512.LoadAligned(mask + (2 * Lanes)).AsSingle(), c2);
                        c3 = Vector512.FusedMultiplyAdd(Vector512.Create(d[3]), Avx512F.PermuteVar16x32x2(low, Vector512.LoadAligned(index + (3 * Lanes)), high) & Vector512.LoadAligned(mask + (3 * Lanes)).AsSingle(), c3);
                    }

                    var sums = channelTotals + (block * Side);
                    (sums[0], sums[1], sums[2], sums[3]) = (sums[0] + c0, sums[1] + c1, sums[2] + c2, sums[3] + c3);
                }
            }
        }

        for (var co = first; co < end; co++)
        {
            for (var block = 0; block < blocks; block++)
            {
                var sums = totals + ((co - first) * perChannel) + (block * Side);
                var sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
                var target = dw + ((long)co * taps) + (block * Lanes);
                for (var lane = 0; lane < Math.Min(Lanes, taps - (block * Lanes)); lane++)
                {
                    target[lane] += sum[lane];
                }
            }
        }
    }

    /// <summary>Blocks of 16 taps.</summary>
    private static int Blocks(Conv2dGeometry g) => ((g.KH * g.KW) + Lanes - 1) / Lanes;

    /// <summary>The input pixel tap t reads for output (oh, ow), padding included.</summary>
    private static (int Row, int Column) Input(Conv2dGeometry g, int t, int oh, int ow)
    {
        var (kh, kw) = Math.DivRem(t, g.KW);
        return ((oh * g.Stride) + (kh * g.Dilation) - g.Padding, (ow * g.Stride) + (kw * g.Dilation) - g.Padding);
    }

    /// <summary>The first and last input row the block's taps read for output row oh inside the plane (0, 0 when none).</summary>
    private static (int First, int Last) Rows(Conv2dGeometry g, int block, int oh)
    {
        var (first, last) = (int.MaxValue, int.MinValue);
        for (var t = block * Lanes; t < Math.Min((block + 1) * Lanes, g.KH * g.KW); t++)
        {
            var (ih, _) = Input(g, t, oh, 0);
            if (ih >= 0 && ih < g.H)
            {
                (first, last) = (Math.Min(first, ih), Math.Max(last, ih));
            }
        }

        return first > last ? (0, 0) : (first, last);
    }
}

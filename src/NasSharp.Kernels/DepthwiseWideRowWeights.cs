using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise weight gradient of 3x3 taps (padding 1, no dilation, stride 1, same-size output) on rows of whole
/// 8-lane chunks, 16 or more wide (16 x 16 and 32 x 32 planes), without staging: each tap's input chunk is read from the
/// input in place (the chunks one column left and right are unaligned loads within the row; at the row's ends a lane
/// permute of its first or last chunk brings in the padding's zero; rows past the plane read a zero row), so the nine
/// taps' chains run side by side on loads that no store feeds. (The staged walks read each tap back from a buffer the
/// plane was just copied into; on 8 x 8 planes such reads were the limit: <c>experiments/session27/eight-wide-probe.md</c>.)
/// The arithmetic is the staged path's (<c>DepthwiseBackwardWeightOrderTests</c>): per image, each tap's 8-lane chain
/// starts from zero and takes one fused multiply-add dY chunk x input chunk (or a zero) per chunk of the output, rows in
/// order and chunks in order within a row, then joins the tap's total in image order.
/// </summary>
internal static unsafe class DepthwiseWideRowWeights
{
    private const int Lanes = 8;

    /// <summary>Whether <see cref="Accumulate"/> takes <paramref name="g"/>.</summary>
    public static bool Applies(Conv2dGeometry g) =>
        Vector256.IsHardwareAccelerated && g.IsDepthwise && g.Stride == 1 && g.KH == 3 && g.KW == 3 && g.Dilation == 1 && g.Padding == 1 &&
        g.W % Lanes == 0 && g.W >= 2 * Lanes && g.OutW == g.W && g.OutH == g.H;

    /// <summary>
    /// Each image's chains of dY[n, co] times the input under each tap, into <paramref name="totals"/>, for the channels
    /// [first, end) and images [firstImage, endImage): image by image, each image's planes of those channels in turn.
    /// </summary>
    public static void Accumulate(Conv2dGeometry g, float* x, float* dy, DepthwiseTapTotals totals, int first, int end, int firstImage, int endImage)
    {
        // A row of zeros for the rows above and below the plane, with a float either side for the shifted loads.
        var zerosSpace = stackalloc float[g.W + 2];
        new Span<float>(zerosSpace, g.W + 2).Clear();
        var zeros = zerosSpace + 1;
        for (var n = firstImage; n < endImage; n++)
        {
            for (var co = first; co < end; co++)
            {
                var plane = x + ((((long)n * g.Cin) + (co / g.OutPerGroup)) * g.InPlane);
                var gradient = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                Plane(g.H, g.W, plane, gradient, zeros, totals.For(n, co - first));
            }
        }
    }

    private static void Plane(int h, int w, float* plane, float* gradient, float* zeros, Vector256<float>* sums)
    {
        var zero = Vector256<float>.Zero;
        var (c0, c1, c2, c3, c4, c5, c6, c7, c8) = (zero, zero, zero, zero, zero, zero, zero, zero, zero);
        var last = w - Lanes;
        for (var k = 0; k < h; k++)
        {
            var above = k > 0 ? plane + ((k - 1) * w) : zeros;
            var middle = plane + (k * w);
            var below = k + 1 < h ? plane + ((k + 1) * w) : zeros;
            var dRow = gradient + (k * w);

            // The row's first chunk: column -1 is the padding.
            var d = Vector256.Load(dRow);
            var (a, m, b) = (Vector256.Load(above), Vector256.Load(middle), Vector256.Load(below));
            c0 = Vector256.FusedMultiplyAdd(d, LaneShifts.Right(a), c0);
            c1 = Vector256.FusedMultiplyAdd(d, a, c1);
            c2 = Vector256.FusedMultiplyAdd(d, Vector256.Load(above + 1), c2);
            c3 = Vector256.FusedMultiplyAdd(d, LaneShifts.Right(m), c3);
            c4 = Vector256.FusedMultiplyAdd(d, m, c4);
            c5 = Vector256.FusedMultiplyAdd(d, Vector256.Load(middle + 1), c5);
            c6 = Vector256.FusedMultiplyAdd(d, LaneShifts.Right(b), c6);
            c7 = Vector256.FusedMultiplyAdd(d, b, c7);
            c8 = Vector256.FusedMultiplyAdd(d, Vector256.Load(below + 1), c8);

            // Inner chunks: both neighbours inside the row.
            for (var j = Lanes; j < last; j += Lanes)
            {
                d = Vector256.Load(dRow + j);
                c0 = Vector256.FusedMultiplyAdd(d, Vector256.Load(above + j - 1), c0);
                c1 = Vector256.FusedMultiplyAdd(d, Vector256.Load(above + j), c1);
                c2 = Vector256.FusedMultiplyAdd(d, Vector256.Load(above + j + 1), c2);
                c3 = Vector256.FusedMultiplyAdd(d, Vector256.Load(middle + j - 1), c3);
                c4 = Vector256.FusedMultiplyAdd(d, Vector256.Load(middle + j), c4);
                c5 = Vector256.FusedMultiplyAdd(d, Vector256.Load(middle + j + 1), c5);
                c6 = Vector256.FusedMultiplyAdd(d, Vector256.Load(below + j - 1), c6);
                c7 = Vector256.FusedMultiplyAdd(d, Vector256.Load(below + j), c7);
                c8 = Vector256.FusedMultiplyAdd(d, Vector256.Load(below + j + 1), c8);
            }

            // The row's last chunk: column W is the padding.
            d = Vector256.Load(dRow + last);
            (a, m, b) = (Vector256.Load(above + last), Vector256.Load(middle + last), Vector256.Load(below + last));
            c0 = Vector256.FusedMultiplyAdd(d, Vector256.Load(above + last - 1), c0);
            c1 = Vector256.FusedMultiplyAdd(d, a, c1);
            c2 = Vector256.FusedMultiplyAdd(d, LaneShifts.Left(a), c2);
            c3 = Vector256.FusedMultiplyAdd(d, Vector256.Load(middle + last - 1), c3);
            c4 = Vector256.FusedMultiplyAdd(d, m, c4);
            c5 = Vector256.FusedMultiplyAdd(d, LaneShifts.Left(m), c5);
            c6 = Vector256.FusedMultiplyAdd(d, Vector256.Load(below + last - 1), c6);
            c7 = Vector256.FusedMultiplyAdd(d, b, c7);
            c8 = Vector256.FusedMultiplyAdd(d, LaneShifts.Left(b), c8);
        }

        (sums[0], sums[1], sums[2]) = (sums[0] + c0, sums[1] + c1, sums[2] + c2);
        (sums[3], sums[4], sums[5]) = (sums[3] + c3, sums[4] + c4, sums[5] + c5);
        (sums[6], sums[7], sums[8]) = (sums[6] + c6, sums[7] + c7, sums[8] + c8);
    }
}

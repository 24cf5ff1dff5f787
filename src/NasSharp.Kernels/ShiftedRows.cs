using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Shifted copies of a convolution's input planes, the layout in which every tap's column of the im2col matrix (Chellapilla
/// et al. 2006) is one contiguous run: copy kw holds, for each input channel, the rows of the zero-padded plane
/// (<c>padTop</c> zero rows above and below) cut to <c>outW</c> columns, column w taken from input column
/// w + kw dilation - padW (zero outside the image). At stride 1, tap (c, kh, kw) of output position q = oh outW + ow is
/// then element kh dilation outW + q of copy kw's plane c, for every q: the implicit GEMM reads a 32-column panel in place
/// and the weight gradient a whole col row, whatever the row width, from KW copies of the image instead of KH KW.
/// </summary>
internal static unsafe class ShiftedRows
{
    /// <summary>Floats past the last copy that <see cref="Stage"/> may write (a row's last 8-float store).</summary>
    public const int Slack = 8;

    /// <summary>Whether this machine stages them (8-lane masked loads).</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>Floats of one channel's plane in a copy.</summary>
    public static int PlaneFloats(int h, int padTop, int outW) => (h + (2 * padTop)) * outW;

    /// <summary>
    /// Where the run of channel <paramref name="c"/>, copy <paramref name="kw"/>, starting at padded row
    /// <paramref name="row"/> (kh dilation for a tap at stride 1 with padTop the padding) lies, from the first copy
    /// (copies <paramref name="copyFloats"/> apart, each channel's plane <paramref name="planeFloats"/>).
    /// </summary>
    public static int Offset(int c, int row, int kw, int outW, int planeFloats, int copyFloats) =>
        (kw * copyFloats) + (c * planeFloats) + (row * outW);

    /// <summary>
    /// Writes the <paramref name="kernelW"/> copies of <paramref name="channels"/> planes of h x w at
    /// <paramref name="input"/> to <paramref name="target"/>, copy after copy. Rows are written 8 floats at a time: a
    /// row's last store may run into the next row, which is written after it, and past the end by up to
    /// <see cref="Slack"/> floats. An 8-column window inside the input row is one plain load; one that crosses the row's
    /// ends loads the row's 8 columns nearest to it and moves them into place with one permute, zeroing the lanes outside
    /// (masked loads that miss the caches are several times slower than plain ones on AMD's Zen 5). Rows narrower than 8
    /// columns are loaded from their start, 8 floats running into the next rows; only the input's last rows, where that
    /// would read past its end, are read under a mask.
    /// </summary>
    public static void Stage(float* input, int channels, int h, int w, int kernelW, int dilation, int padW, int padTop, int outW, float* target)
    {
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var (planeFloats, paddedH) = (PlaneFloats(h, padTop, outW), h + (2 * padTop));
        var (nearestLast, inputFloats) = (Math.Max(w - 8, 0), (long)channels * h * w);
        for (var kw = 0; kw < kernelW; kw++)
        {
            var shift = (kw * dilation) - padW;
            var copy = target + ((long)kw * channels * planeFloats);
            for (var c = 0; c < channels; c++)
            {
                var plane = copy + ((long)c * planeFloats);
                var channel = input + ((long)c * h * w);
                for (var r = 0; r < paddedH; r++)
                {
                    var row = plane + ((long)r * outW);
                    var ih = r - padTop;
                    if (ih < 0 || ih >= h)
                    {
                        for (var w0 = 0; w0 < outW; w0 += 8)
                        {
                            Vector256<float>.Zero.Store(row + w0);
                        }

                        continue;
                    }

                    var source = channel + ((long)ih * w);
                    var permutes = Avx2.IsSupported && (w >= 8 || inputFloats - (source - input) >= 8);
                    for (var w0 = 0; w0 < outW; w0 += 8)
                    {
                        // Lane j holds input column start + j, zero outside the row.
                        var start = w0 + shift;
                        if (start >= 0 && start + 8 <= w)
                        {
                            Vector256.Load(source + start).Store(row + w0);
                            continue;
                        }

                        var columns = lanes + Vector256.Create(start);
                        var inside = (Vector256.GreaterThanOrEqual(columns, Vector256<int>.Zero) & Vector256.LessThan(columns, Vector256.Create(w))).AsSingle();
                        if (permutes)
                        {
                            var nearest = Math.Clamp(start, 0, nearestLast);
                            (Avx2.PermuteVar8x32(Vector256.Load(source + nearest), lanes + Vector256.Create(start - nearest)) & inside).Store(row + w0);
                        }
                        else
                        {
                            Avx.MaskLoad(source + start, inside).Store(row + w0);
                        }
                    }
                }
            }
        }
    }
}

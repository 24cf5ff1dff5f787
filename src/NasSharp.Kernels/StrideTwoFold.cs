using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// <see cref="Im2Col.Fold"/> (col2im, Chellapilla, Puri and Simard 2006) for a 3x3 kernel at stride 2 with padding 1 on
/// rows of an even width up to 32, one input-gradient row at a time in registers: the row is loaded once and split into
/// its even and odd columns, tap kw = 1 of a column row adds to the even columns, taps kw = 0 (one lane later) and kw = 2
/// to the odd ones, and the row is interleaved back and stored once. The general fold reads and writes each row once per
/// tap that reaches it, through a blend of every other lane. Every element gets the same additions in the same order
/// (kernel row, then kernel column), so the bits are those of the general fold.
/// </summary>
internal static unsafe class StrideTwoFold
{
    private const int Lanes = 16;

    /// <summary>Whether <see cref="Fold"/> serves <paramref name="g"/>.</summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.IsSupported && g.Stride == 2 && g.Dilation == 1 && g.KH == 3 && g.KW == 3 && g.Padding == 1 &&
        g.W % 2 == 0 && g.W <= 2 * Lanes && g.OutW == g.W / 2 && g.OutH == (g.H + 1) / 2;

    /// <summary>imageGrad (InPerGroup planes of H x W) += col2im(columns), bitwise as <see cref="Im2Col.Fold"/>.</summary>
    public static void Fold(Conv2dGeometry g, float* columns, float* imageGrad)
    {
        var (outW, outPlane) = (g.OutW, g.OutPlane);
        var rowLanes = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(g.W)).AsSingle();
        var highLanes = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(g.W - Lanes)).AsSingle();
        var outputLanes = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(outW)).AsSingle();
        // Tap kw = 0 of output column ow + 1 lands on odd column ow: every output column but the last has one.
        var shiftedLanes = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(outW - 1)).AsSingle();
        var wholeOutput = outW == Lanes;
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odd = even + Vector512<int>.One;
        var low = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        var high = low + Vector512.Create(8);
        for (var c = 0; c < g.InPerGroup; c++)
        {
            var plane = imageGrad + ((long)c * g.InPlane);
            var taps = columns + ((long)c * 9 * outPlane);
            for (var h = 0; h < g.H; h++)
            {
                var row = plane + ((long)h * g.W);
                var first = Load(row, rowLanes, g.W >= Lanes);
                var second = Load(row + Lanes, highLanes, g.W == 2 * Lanes);
                var evens = Avx512F.PermuteVar16x32x2(first, even, second);
                var odds = Avx512F.PermuteVar16x32x2(first, odd, second);
                // Kernel rows in order: row h is read by output row (h + 1 - kh) / 2 when that is whole and in range.
                for (var kh = 0; kh < 3; kh++)
                {
                    var twice = h + 1 - kh;
                    if (twice < 0 || twice % 2 != 0 || twice / 2 >= g.OutH)
                    {
                        continue;
                    }

                    var source = taps + ((long)kh * 3 * outPlane) + ((twice / 2) * outW);
                    // A whole row's 16th lane is the next column row's first element (unused, and inside the columns).
                    var left = Load(source + 1, shiftedLanes, wholeOutput);
                    odds = Vector512.ConditionalSelect(shiftedLanes, odds + left, odds);
                    evens += Load(source + outPlane, outputLanes, wholeOutput);
                    odds += Load(source + (2 * outPlane), outputLanes, wholeOutput);
                }

                Store(row, rowLanes, g.W >= Lanes, Avx512F.PermuteVar16x32x2(evens, low, odds));
                Store(row + Lanes, highLanes, g.W == 2 * Lanes, Avx512F.PermuteVar16x32x2(evens, high, odds));
            }
        }
    }

    /// <summary>
    /// 16 floats at <paramref name="at"/>, zero in the lanes outside <paramref name="lanes"/>: a plain load when every lane
    /// is inside (<paramref name="whole"/>), a masked one otherwise (masked loads that miss the caches are several times
    /// slower than plain ones on AMD's Zen 5).
    /// </summary>
    private static Vector512<float> Load(float* at, Vector512<float> lanes, bool whole) =>
        whole ? Vector512.Load(at) : Avx512F.MaskLoad(at, lanes, Vector512<float>.Zero);

    /// <summary>Stores the lanes of <paramref name="value"/> inside <paramref name="lanes"/> (all of them when <paramref name="whole"/>).</summary>
    private static void Store(float* at, Vector512<float> lanes, bool whole, Vector512<float> value)
    {
        if (whole)
        {
            value.Store(at);
            return;
        }

        Avx512F.MaskStore(at, lanes, value);
    }
}

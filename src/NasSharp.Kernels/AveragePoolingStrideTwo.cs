using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// 3 x 3 average pooling at stride 2 and padding 1 on planes up to 32 wide (DARTS's avg_pool_3x3 in reduction cells: 32
/// and 16 on 32 x 32 images, 28 and 14 on 28 x 28 ones), a row of up to 16 outputs a vector (rows other than 16 and 32
/// floats read and written under lane masks), in the order of the window-by-window loop it replaces. Forward: each output is 0 plus the
/// window's elements in row-major order, then divided; here the padded taps add a zero in between, which changes no sum
/// (a sum that starts at +0 is never -0, and x + 0 = x for every other x), and a tap's 16 columns are the even lanes of
/// two loads. Backward: outputs in row-major order add their share to their window's elements; for one output row the
/// even input columns take one share each and the odd ones the share of the output on their left, then of the output
/// on their right, so adding the shares to the even lanes, then to the odd lanes, then the right neighbours' to the odd
/// lanes (not past the last output) gives each element the same additions in the same order.
/// </summary>
internal static unsafe class AveragePoolingStrideTwo
{
    private const int Width = 16;

    /// <summary>Whether the forward pass of <paramref name="g"/> runs here on this machine (rows of 2 to 32).</summary>
    public static bool Applies(Pool2dGeometry g) =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && g.Kernel == 3 && g.Stride == 2 && g.Padding == 1 && g.W is >= 2 and <= 2 * Width;

    /// <summary>Whether the backward pass of <paramref name="g"/> does (rows of 2 to 32, as the forward).</summary>
    public static bool AppliesBackward(Pool2dGeometry g) => Applies(g);

    private static Vector512<int> EvenLanes => Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

    private static Vector512<int> OddLanes => Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);

    /// <summary>Element i + 1, then element 0 of the second vector: the share of the output on the right.</summary>
    private static Vector512<int> NextLane => Vector512.Create(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

    private static Vector512<int> ZipLow => Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);

    private static Vector512<int> ZipHigh => Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    private static Vector512<int> Lanes => Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    /// <summary>The first <paramref name="count"/> lanes (none when it is 0 or less, all 16 from 16 on).</summary>
    private static Vector512<float> FirstLanes(int count) => Vector512.LessThan(Lanes, Vector512.Create(count)).AsSingle();

    /// <summary>y = the window averages of plane x, divided by <paramref name="divisors"/> (one per output).</summary>
    public static void Forward(Pool2dGeometry g, float* divisors, float* x, float* y)
    {
        var (outW, paddedW) = (g.OutW, g.W + 2);

        // Zero rows above and below, a zero column either side, and slack for the last row's second load.
        var padded = KernelScratch.Get(KernelScratch.Staging, ((long)(g.H + 2) * paddedW) + (2 * Width));
        VectorLoops.PadPlane(x, g.H, g.W, 1, 1, 0f, padded);
        var outputs = FirstLanes(outW);
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var sum = Vector512<float>.Zero;
            for (var kh = 0; kh < 3; kh++)
            {
                var row = padded + ((long)((2 * oh) + kh) * paddedW);
                for (var kw = 0; kw < 3; kw++)
                {
                    sum += Avx512F.PermuteVar16x32x2(Vector512.Load(row + kw), EvenLanes, Vector512.Load(row + kw + Width));
                }
            }

            var offset = (long)oh * outW;
            if (outW == Width)
            {
                (sum / Vector512.Load(divisors + offset)).Store(y + offset);
            }
            else if (outW == Width / 2)
            {
                (sum.GetLower() / Vector256.Load(divisors + offset)).Store(y + offset);
            }
            else
            {
                Avx512F.MaskStore(y + offset, outputs, sum / Avx512F.MaskLoad(divisors + offset, outputs, Vector512<float>.One));
            }
        }
    }

    /// <summary>
    /// dx (+)= each output's share (dy / divisor) over its window, outputs in row-major order (planes 2 to 32 wide:
    /// <see cref="AppliesBackward"/>).
    /// </summary>
    public static void Backward(Pool2dGeometry g, float* divisors, float* dy, float* dx, bool accumulate)
    {
        if (!accumulate)
        {
            new Span<float>(dx, g.InPlane).Clear();
        }

        if (g.W is Width or 2 * Width)
        {
            BackwardWholeRows(g, divisors, dy, dx);
        }
        else
        {
            BackwardByInputRows(g, divisors, dy, dx);
        }
    }

    /// <summary>Rows of 16 or 32: whole vectors.</summary>
    private static void BackwardWholeRows(Pool2dGeometry g, float* divisors, float* dy, float* dx)
    {
        var (outW, width) = (g.OutW, g.W);

        // The right neighbour's share reaches odd column 2j + 1 for j < OutW - 1 only.
        var lastOdd = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(outW - 1)).AsSingle();
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var offset = (long)oh * outW;
            var share = outW == Width
                ? Vector512.Load(dy + offset) / Vector512.Load(divisors + offset)
                : Vector512.Create(Vector256.Load(dy + offset) / Vector256.Load(divisors + offset), Vector256<float>.Zero);
            var right = Avx512F.PermuteVar16x32x2(share, NextLane, Vector512<float>.Zero);
            var (h0, h1) = g.Rows(oh);
            for (var h = h0; h < h1; h++)
            {
                var row = dx + ((long)h * width);
                var first = Vector512.Load(row);
                var second = width == 2 * Width ? Vector512.Load(row + Width) : first;
                var even = Avx512F.PermuteVar16x32x2(first, EvenLanes, second) + share;
                var odd = Avx512F.PermuteVar16x32x2(first, OddLanes, second) + share;
                odd = Vector512.ConditionalSelect(lastOdd, odd + right, odd);
                var low = Avx512F.PermuteVar16x32x2(even, ZipLow, odd);
                if (width == 2 * Width)
                {
                    low.Store(row);
                    Avx512F.PermuteVar16x32x2(even, ZipHigh, odd).Store(row + Width);
                }
                else
                {
                    low.Store(row);
                }
            }
        }
    }

    /// <summary>
    /// Rows of 2 to 31 other than 16 (28 and 14 on 28 x 28 images), input row by input row: each row is loaded once (the
    /// first 16 columns and the rest under masks), takes the shares of the one or two output rows whose windows cover it,
    /// in output-row order, and is stored once under the same masks. Walking the output rows instead reloaded each odd
    /// input row right after a masked store to it, which a load cannot take from the store in flight (it waits for it);
    /// for the same reason the next row is loaded before this one is stored (their vectors' spans overlap). Each element
    /// gets the same additions in the same order as output by output.
    /// </summary>
    private static void BackwardByInputRows(Pool2dGeometry g, float* divisors, float* dy, float* dx)
    {
        var (outW, width) = (g.OutW, g.W);
        var (outputs, first, rest) = (FirstLanes(outW), FirstLanes(width), FirstLanes(width - Width));
        var lastOdd = FirstLanes(outW - 1);
        var (share, right) = Share(dy, divisors, 0, outW, outputs);
        var (nextShare, nextRight) = g.OutH > 1 ? Share(dy, divisors, 1, outW, outputs) : (share, right);
        var (nextLow, nextHigh) = (Avx512F.MaskLoad(dx, first, Vector512<float>.Zero), Avx512F.MaskLoad(dx + Width, rest, Vector512<float>.Zero));
        for (var h = 0; h < g.H; h++)
        {
            // Row h = 2 m or 2 m + 1 lies under output row m's window and, when odd, under output row m + 1's.
            var m = h / 2;
            if (h > 1 && h % 2 == 0)
            {
                (share, right) = (nextShare, nextRight);
                (nextShare, nextRight) = m + 1 < g.OutH ? Share(dy, divisors, m + 1, outW, outputs) : (share, right);
            }

            var row = dx + ((long)h * width);
            var (low, high) = (nextLow, nextHigh);
            if (h + 1 < g.H)
            {
                (nextLow, nextHigh) = (Avx512F.MaskLoad(row + width, first, Vector512<float>.Zero), Avx512F.MaskLoad(row + width + Width, rest, Vector512<float>.Zero));
            }

            var (even, odd) = (Avx512F.PermuteVar16x32x2(low, EvenLanes, high), Avx512F.PermuteVar16x32x2(low, OddLanes, high));
            if (m < g.OutH)
            {
                even += share;
                odd += share;
                odd = Vector512.ConditionalSelect(lastOdd, odd + right, odd);
            }

            if (h % 2 == 1 && m + 1 < g.OutH)
            {
                even += nextShare;
                odd += nextShare;
                odd = Vector512.ConditionalSelect(lastOdd, odd + nextRight, odd);
            }

            Avx512F.MaskStore(row, first, Avx512F.PermuteVar16x32x2(even, ZipLow, odd));
            Avx512F.MaskStore(row + Width, rest, Avx512F.PermuteVar16x32x2(even, ZipHigh, odd));
        }
    }

    /// <summary>Output row <paramref name="oh"/>'s shares (dy / divisor) and, one lane on, each output's right neighbour's.</summary>
    private static (Vector512<float> Share, Vector512<float> Right) Share(float* dy, float* divisors, int oh, int outW, Vector512<float> outputs)
    {
        var offset = (long)oh * outW;
        var share = Avx512F.MaskLoad(dy + offset, outputs, Vector512<float>.Zero) / Avx512F.MaskLoad(divisors + offset, outputs, Vector512<float>.One);
        return (share, Avx512F.PermuteVar16x32x2(share, NextLane, Vector512<float>.Zero));
    }
}

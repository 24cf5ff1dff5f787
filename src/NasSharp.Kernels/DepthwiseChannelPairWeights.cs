using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise weight gradient of 3x3 taps (padding 1, no dilation) onto 4 x 4 output planes, from 4 x 4 inputs at
/// stride 1 or 8 x 8 inputs at stride 2 (a ShuffleNetV2's last stage and the downsampling into it). An output row is 4
/// floats, so two channels share an 8-lane vector: lanes 0-3 hold one channel's output columns, lanes 4-7 the next
/// channel's, and the nine taps' chains run side by side in registers, each input row loaded once and its column
/// shifts (stride 1) or its even and odd columns (stride 2) made by one lane permute, as in
/// <see cref="DepthwiseEightWideWeights.AccumulateThreeByThree"/>. The arithmetic is the staged path's
/// (<c>DepthwiseBackwardWeightOrderTests</c>), as in <see cref="DepthwiseFourByFourWeights"/>: per image, channel,
/// tap and output column a chain from zero of one fused multiply-add dY x input (or a zero in the padding) per output
/// row in order, the chains added to the column's totals in image order, and the four columns' totals summed as
/// (c0 + c1) + (c2 + c3).
/// </summary>
internal static unsafe class DepthwiseChannelPairWeights
{
    private const int Side = 4;
    private const int Taps = 9;

    /// <summary>Whether <see cref="Accumulate"/> takes <paramref name="g"/>: depthwise 3x3 at padding 1, no dilation, 4 x 4 outputs from 4 x 4 (stride 1) or 8 x 8 (stride 2).</summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.VL.IsSupported && g.IsDepthwise && g.KH == 3 && g.KW == 3 && g.Dilation == 1 && g.Padding == 1 && g.OutH == Side && g.OutW == Side &&
        ((g.Stride == 1 && g.H == Side && g.W == Side) || (g.Stride == 2 && g.H == 2 * Side && g.W == 2 * Side));

    /// <summary>
    /// dw[co, tap] += the sum over images, in order, of dY[n, co] times the input under the tap: one block of adjacent
    /// channels per thread, each walking the batch image by image, its channels' planes in turn (one run of memory per
    /// image; a single block reads the tensors start to end).
    /// </summary>
    public static void BackwardWeight(Conv2dGeometry g, float* x, float* dy, float* dw)
    {
        var pairs = (g.Cout + 1) / 2;
        var blocks = Math.Min(KernelParallel.ThreadCount, pairs);
        KernelParallel.For(blocks, (G: g, X: (nint)x, Dy: (nint)dy, Dw: (nint)dw, Blocks: blocks, Pairs: pairs), static (s, block) =>
        {
            var first = 2 * (int)((long)block * s.Pairs / s.Blocks);
            var end = Math.Min(2 * (int)((long)(block + 1) * s.Pairs / s.Blocks), s.G.Cout);
            Accumulate(s.G, (float*)s.X, (float*)s.Dy, (float*)s.Dw, first, end);
        });
    }

    /// <summary>dw[co, tap] += the sum over images, in order, of dY[n, co] times the input under the tap, for the output channels [first, end).</summary>
    private static void Accumulate(Conv2dGeometry g, float* x, float* dy, float* dw, int first, int end)
    {
        var pairs = (end - first + 1) / 2;
        // totals[p 9 + tap]: lanes 0-3 channel first + 2p's output columns, lanes 4-7 the next channel's.
        var totals = (Vector256<float>*)KernelScratch.Get(KernelScratch.Staging, (long)pairs * Taps * 8);
        for (var i = 0; i < pairs * Taps; i++)
        {
            totals[i] = Vector256<float>.Zero;
        }

        // (Prefetching in software the next image's run of a block of some of the channels, or a few pairs ahead in its
        // walk, did not pay on two threads in session 27: 0.90-1.00x, or 1.2x from memory but 0.68x from the caches.)
        for (var n = 0; n < g.N; n++)
        {
            for (var p = 0; p < pairs; p++)
            {
                var co = first + (2 * p);
                var second = co + 1 < end;
                var x0 = x + ((((long)n * g.Cin) + (co / g.OutPerGroup)) * g.InPlane);
                var x1 = second ? x + ((((long)n * g.Cin) + ((co + 1) / g.OutPerGroup)) * g.InPlane) : null;
                var d0 = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                var d1 = second ? d0 + g.OutPlane : null;
                if (g.Stride == 1)
                {
                    StrideOne(x0, x1, d0, d1, totals + (p * Taps));
                }
                else
                {
                    StrideTwo(x0, x1, d0, d1, totals + (p * Taps));
                }
            }
        }

        for (var p = 0; p < pairs; p++)
        {
            var co = first + (2 * p);
            for (var t = 0; t < Taps; t++)
            {
                var sum = totals[(p * Taps) + t];
                dw[((long)co * Taps) + t] += (sum[0] + sum[1]) + (sum[2] + sum[3]);
                if (co + 1 < end)
                {
                    dw[((long)(co + 1) * Taps) + t] += (sum[4] + sum[5]) + (sum[6] + sum[7]);
                }
            }
        }
    }

    // Row r (4 floats) of two planes side by side; a zero past the plane or for a missing second channel.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Rows(float* first, float* second, int r) =>
        r < 0 || r >= Side ? Vector256<float>.Zero :
        Vector256.Create(Vector128.Load(first + (r * Side)), second == null ? Vector128<float>.Zero : Vector128.Load(second + (r * Side)));

    // Lane j of each half takes lane j - 1 (the input one column left), lane 0 a zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ShiftRight(Vector256<float> rows) => Vector256.Shuffle(rows, Vector256.Create(8, 0, 1, 2, 8, 4, 5, 6));

    // Lane j of each half takes lane j + 1, lane 3 a zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ShiftLeft(Vector256<float> rows) => Vector256.Shuffle(rows, Vector256.Create(1, 2, 3, 8, 5, 6, 7, 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddChains(Vector256<float>* sums, Vector256<float> c0, Vector256<float> c1, Vector256<float> c2, Vector256<float> c3, Vector256<float> c4, Vector256<float> c5, Vector256<float> c6, Vector256<float> c7, Vector256<float> c8)
    {
        (sums[0], sums[1], sums[2]) = (sums[0] + c0, sums[1] + c1, sums[2] + c2);
        (sums[3], sums[4], sums[5]) = (sums[3] + c3, sums[4] + c4, sums[5] + c5);
        (sums[6], sums[7], sums[8]) = (sums[6] + c6, sums[7] + c7, sums[8] + c8);
    }

    // 4 x 4 inputs: input rows k - 1, k, k + 1 (above, middle, below), each shifted right, as is, shifted left; kept from one output row to the next.
    private static void StrideOne(float* x0, float* x1, float* d0, float* d1, Vector256<float>* sums)
    {
        var zero = Vector256<float>.Zero;
        var (above0, above1, above2) = (zero, zero, zero);
        var middle1 = Rows(x0, x1, 0);
        var (middle0, middle2) = (ShiftRight(middle1), ShiftLeft(middle1));
        var (c0, c1, c2, c3, c4, c5, c6, c7, c8) = (zero, zero, zero, zero, zero, zero, zero, zero, zero);
        for (var k = 0; k < Side; k++)
        {
            var d = Rows(d0, d1, k);
            var below1 = Rows(x0, x1, k + 1);
            var (below0, below2) = (ShiftRight(below1), ShiftLeft(below1));
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

        AddChains(sums, c0, c1, c2, c3, c4, c5, c6, c7, c8);
    }

    // 8 x 8 inputs at stride 2: output row k reads input rows 2k - 1, 2k, 2k + 1, output column j input columns 2j - 1,
    // 2j, 2j + 1: one two-source permute of the two channels' input rows per kernel column (column -1 masked to zero).
    // Row 2k + 1's columns serve kernel row 2 at output row k and kernel row 0 at k + 1.
    private static void StrideTwo(float* x0, float* x1, float* d0, float* d1, Vector256<float>* sums)
    {
        var zero = Vector256<float>.Zero;
        var left = Vector256.Create(0, 1, 3, 5, 8, 9, 11, 13);
        var even = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        var odd = Vector256.Create(1, 3, 5, 7, 9, 11, 13, 15);
        var inside = Vector256.Create(0, -1, -1, -1, 0, -1, -1, -1).AsSingle();
        var (top0, top1, top2) = (zero, zero, zero);
        var (c0, c1, c2, c3, c4, c5, c6, c7, c8) = (zero, zero, zero, zero, zero, zero, zero, zero, zero);
        for (var k = 0; k < Side; k++)
        {
            var d = Rows(d0, d1, k);
            var (upper0, upper1) = (Vector256.Load(x0 + (2 * k * 2 * Side)), x1 == null ? zero : Vector256.Load(x1 + (2 * k * 2 * Side)));
            var (lower0, lower1) = (Vector256.Load(x0 + (((2 * k) + 1) * 2 * Side)), x1 == null ? zero : Vector256.Load(x1 + (((2 * k) + 1) * 2 * Side)));
            var (middle0, middle1, middle2) = (Avx512F.VL.PermuteVar8x32x2(upper0, left, upper1) & inside, Avx512F.VL.PermuteVar8x32x2(upper0, even, upper1), Avx512F.VL.PermuteVar8x32x2(upper0, odd, upper1));
            var (bottom0, bottom1, bottom2) = (Avx512F.VL.PermuteVar8x32x2(lower0, left, lower1) & inside, Avx512F.VL.PermuteVar8x32x2(lower0, even, lower1), Avx512F.VL.PermuteVar8x32x2(lower0, odd, lower1));
            c0 = Vector256.FusedMultiplyAdd(d, top0, c0);
            c1 = Vector256.FusedMultiplyAdd(d, top1, c1);
            c2 = Vector256.FusedMultiplyAdd(d, top2, c2);
            c3 = Vector256.FusedMultiplyAdd(d, middle0, c3);
            c4 = Vector256.FusedMultiplyAdd(d, middle1, c4);
            c5 = Vector256.FusedMultiplyAdd(d, middle2, c5);
            c6 = Vector256.FusedMultiplyAdd(d, bottom0, c6);
            c7 = Vector256.FusedMultiplyAdd(d, bottom1, c7);
            c8 = Vector256.FusedMultiplyAdd(d, bottom2, c8);
            (top0, top1, top2) = (bottom0, bottom1, bottom2);
        }

        AddChains(sums, c0, c1, c2, c3, c4, c5, c6, c7, c8);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Batch norm's per-plane sums (<see cref="VectorLoops.ShiftedSums"/>, <see cref="VectorLoops.SumAndDotDeviations"/>)
/// for eight planes at once, bit for bit: each plane still accumulates its 8 lanes alone, but the eight horizontal sums
/// that end the planes are done together with horizontal adds instead of one shuffle chain per plane. On 4 x 4 planes
/// (16 floats, one pass of the lane loop) those horizontal sums were most of the work.
/// </summary>
internal static unsafe class PlaneSums
{
    private const int Width = 8;

    /// <summary>
    /// Planes of at least this many floats (16 x 16 and up) are walked four side by side (<see cref="ShiftedLanesOfFour"/>).
    /// On 8 x 8 planes (four steps a plane) that walk ran 0.83-0.95x as fast from memory as one plane at a time (the
    /// hardware prefetchers see four strided runs of four lines instead of one run; from the caches 0.86-1.16x).
    /// </summary>
    private const int MinSideBySideCount = 256;

    /// <summary>
    /// The same for the gradient's sums (two floats read per element, eight runs side by side): 32 x 32 planes read from
    /// memory 1.02-1.13x faster that way, 16 x 16 planes 0.92-1.08x.
    /// </summary>
    private const int MinSideBySideGradientCount = 1024;

    /// <summary>Whether this machine has the horizontal adds the eight-plane path is built on.</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>Whether planes of <paramref name="count"/> floats take <see cref="ShiftedSumsSideBySide"/> on this machine.</summary>
    public static bool SideBySide(int count) => Vector512.IsHardwareAccelerated && Avx.IsSupported && count >= MinSideBySideCount;

    /// <summary>Whether planes of <paramref name="count"/> floats take <see cref="SumAndDotDeviationsSideBySide"/> on this machine.</summary>
    public static bool GradientSideBySide(int count) => Vector512.IsHardwareAccelerated && Avx.IsSupported && count >= MinSideBySideGradientCount;

    /// <summary>
    /// How a caller's loop over an image's groups of eight planes sums them: one plane at a time (<see cref="OneByOne"/>)
    /// or four side by side (<see cref="FourSideBySide"/>). A type, so each loop compiles apart: one loop choosing per
    /// group ran the 8 x 8 planes' statistics 0.88x from memory, though they took the same path as before.
    /// </summary>
    public interface IWalk
    {
        static abstract void ShiftedSums(float* x, long stride, int count, float* shifts, float* sums, float* squares);

        static abstract void SumAndDotDeviations(float* dy, long dyStride, float* x, long xStride, int count, float* means, float* sums, float* dots);
    }

    /// <summary>One plane at a time (<see cref="PlaneSums.ShiftedSums"/>, <see cref="PlaneSums.SumAndDotDeviations"/>).</summary>
    public readonly struct OneByOne : IWalk
    {
        public static void ShiftedSums(float* x, long stride, int count, float* shifts, float* sums, float* squares) =>
            PlaneSums.ShiftedSums(x, stride, count, shifts, sums, squares);

        public static void SumAndDotDeviations(float* dy, long dyStride, float* x, long xStride, int count, float* means, float* sums, float* dots) =>
            PlaneSums.SumAndDotDeviations(dy, dyStride, x, xStride, count, means, sums, dots);
    }

    /// <summary>Four planes side by side (<see cref="ShiftedSumsSideBySide"/>, <see cref="SumAndDotDeviationsSideBySide"/>).</summary>
    public readonly struct FourSideBySide : IWalk
    {
        public static void ShiftedSums(float* x, long stride, int count, float* shifts, float* sums, float* squares) =>
            ShiftedSumsSideBySide(x, stride, count, shifts, sums, squares);

        public static void SumAndDotDeviations(float* dy, long dyStride, float* x, long xStride, int count, float* means, float* sums, float* dots) =>
            SumAndDotDeviationsSideBySide(dy, dyStride, x, xStride, count, means, sums, dots);
    }

    /// <summary>
    /// <see cref="VectorLoops.ShiftedSums"/> of the planes x + j stride (j = 0..7, each <paramref name="count"/> long),
    /// plane j shifted by shifts[j]: sums[j] and squares[j], the same bits as eight calls.
    /// </summary>
    public static void ShiftedSums(float* x, long stride, int count, float* shifts, float* sums, float* squares)
    {
        var (s0, q0) = ShiftedLanes(x, count, Vector256.Create(shifts[0]));
        var (s1, q1) = ShiftedLanes(x + stride, count, Vector256.Create(shifts[1]));
        var (s2, q2) = ShiftedLanes(x + (2 * stride), count, Vector256.Create(shifts[2]));
        var (s3, q3) = ShiftedLanes(x + (3 * stride), count, Vector256.Create(shifts[3]));
        var (s4, q4) = ShiftedLanes(x + (4 * stride), count, Vector256.Create(shifts[4]));
        var (s5, q5) = ShiftedLanes(x + (5 * stride), count, Vector256.Create(shifts[5]));
        var (s6, q6) = ShiftedLanes(x + (6 * stride), count, Vector256.Create(shifts[6]));
        var (s7, q7) = ShiftedLanes(x + (7 * stride), count, Vector256.Create(shifts[7]));
        ShiftedLeftovers(HorizontalSums(s0, s1, s2, s3, s4, s5, s6, s7), HorizontalSums(q0, q1, q2, q3, q4, q5, q6, q7), x, stride, count, shifts, sums, squares);
    }

    /// <summary><see cref="ShiftedSums"/> with the planes walked four side by side (<see cref="ShiftedLanesOfFour"/>); see <see cref="SideBySide"/>.</summary>
    public static void ShiftedSumsSideBySide(float* x, long stride, int count, float* shifts, float* sums, float* squares)
    {
        var (s0, s1, s2, s3, q0, q1, q2, q3) = ShiftedLanesOfFour(x, stride, count, shifts);
        var (s4, s5, s6, s7, q4, q5, q6, q7) = ShiftedLanesOfFour(x + (4 * stride), stride, count, shifts + 4);
        ShiftedLeftovers(HorizontalSums(s0, s1, s2, s3, s4, s5, s6, s7), HorizontalSums(q0, q1, q2, q3, q4, q5, q6, q7), x, stride, count, shifts, sums, squares);
    }

    /// <summary>Each plane's lane sums with its elements past the last whole 16 added one by one: its sum and sum of squares.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftedLeftovers(Vector256<float> laneSums, Vector256<float> laneSquares, float* x, long stride, int count, float* shifts, float* sums, float* squares)
    {
        var tail = count - (count % (2 * Width));
        for (var j = 0; j < Width; j++)
        {
            var (planeSum, planeSquare, shift) = (laneSums.GetElement(j), laneSquares.GetElement(j), shifts[j]);
            for (var i = tail; i < count; i++)
            {
                var d = x[(j * stride) + i] - shift;
                planeSum += d;
                planeSquare = MathF.FusedMultiplyAdd(d, d, planeSquare);
            }

            (sums[j], squares[j]) = (planeSum, planeSquare);
        }
    }

    /// <summary>
    /// <see cref="VectorLoops.SumAndDotDeviations"/> of the planes dy + j dyStride and x + j xStride (j = 0..7), plane j
    /// centred on means[j]: sums[j] (of dy) and dots[j] (of dy (x - mean)), the same bits as eight calls.
    /// </summary>
    public static void SumAndDotDeviations(float* dy, long dyStride, float* x, long xStride, int count, float* means, float* sums, float* dots)
    {
        var (s0, d0) = DeviationLanes(dy, x, count, Vector256.Create(means[0]));
        var (s1, d1) = DeviationLanes(dy + dyStride, x + xStride, count, Vector256.Create(means[1]));
        var (s2, d2) = DeviationLanes(dy + (2 * dyStride), x + (2 * xStride), count, Vector256.Create(means[2]));
        var (s3, d3) = DeviationLanes(dy + (3 * dyStride), x + (3 * xStride), count, Vector256.Create(means[3]));
        var (s4, d4) = DeviationLanes(dy + (4 * dyStride), x + (4 * xStride), count, Vector256.Create(means[4]));
        var (s5, d5) = DeviationLanes(dy + (5 * dyStride), x + (5 * xStride), count, Vector256.Create(means[5]));
        var (s6, d6) = DeviationLanes(dy + (6 * dyStride), x + (6 * xStride), count, Vector256.Create(means[6]));
        var (s7, d7) = DeviationLanes(dy + (7 * dyStride), x + (7 * xStride), count, Vector256.Create(means[7]));
        DeviationLeftovers(HorizontalSums(s0, s1, s2, s3, s4, s5, s6, s7), HorizontalSums(d0, d1, d2, d3, d4, d5, d6, d7), dy, dyStride, x, xStride, count, means, sums, dots);
    }

    /// <summary><see cref="SumAndDotDeviations"/> with the planes walked four side by side (<see cref="DeviationLanesOfFour"/>); see <see cref="GradientSideBySide"/>.</summary>
    public static void SumAndDotDeviationsSideBySide(float* dy, long dyStride, float* x, long xStride, int count, float* means, float* sums, float* dots)
    {
        var (s0, s1, s2, s3, d0, d1, d2, d3) = DeviationLanesOfFour(dy, dyStride, x, xStride, count, means);
        var (s4, s5, s6, s7, d4, d5, d6, d7) = DeviationLanesOfFour(dy + (4 * dyStride), dyStride, x + (4 * xStride), xStride, count, means + 4);
        DeviationLeftovers(HorizontalSums(s0, s1, s2, s3, s4, s5, s6, s7), HorizontalSums(d0, d1, d2, d3, d4, d5, d6, d7), dy, dyStride, x, xStride, count, means, sums, dots);
    }

    /// <summary>Each plane's lane sums with its elements past the last whole 16 added one by one: its sum of dy and of dy (x - mean).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DeviationLeftovers(Vector256<float> laneSums, Vector256<float> laneDots, float* dy, long dyStride, float* x, long xStride, int count, float* means, float* sums, float* dots)
    {
        var tail = count - (count % (2 * Width));
        for (var j = 0; j < Width; j++)
        {
            var (planeSum, planeDot, mu) = (laneSums.GetElement(j), laneDots.GetElement(j), means[j]);
            for (var i = tail; i < count; i++)
            {
                var g = dy[(j * dyStride) + i];
                planeSum += g;
                planeDot = MathF.FusedMultiplyAdd(g, x[(j * xStride) + i] - mu, planeDot);
            }

            (sums[j], dots[j]) = (planeSum, planeDot);
        }
    }

    /// <summary>
    /// Lane j = Vector256.Sum(v_j), bit for bit: .NET sums a Vector256&lt;float&gt; as ((e0 + e1) + (e2 + e3)) +
    /// ((e4 + e5) + (e6 + e7)); two rounds of horizontal adds form those pairs for eight vectors at once (each
    /// 128-bit half of the second round holds four vectors' half sums), and adding the two halves ends them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HorizontalSums(Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3, Vector256<float> v4, Vector256<float> v5, Vector256<float> v6, Vector256<float> v7)
    {
        var low = Avx.HorizontalAdd(Avx.HorizontalAdd(v0, v1), Avx.HorizontalAdd(v2, v3));
        var high = Avx.HorizontalAdd(Avx.HorizontalAdd(v4, v5), Avx.HorizontalAdd(v6, v7));
        return Avx.Permute2x128(low, high, 0x20) + Avx.Permute2x128(low, high, 0x31);
    }

    /// <summary>The lane sums of one plane before its horizontal sum, as <see cref="VectorLoops.ShiftedSums"/> forms them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Sum, Vector256<float> Squares) ShiftedLanes(float* x, int count, Vector256<float> k)
    {
        var (s0, s1, q0, q1) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        for (var i = 0; i + (2 * Width) <= count; i += 2 * Width)
        {
            var d0 = Vector256.Load(x + i) - k;
            var d1 = Vector256.Load(x + i + Width) - k;
            (s0, s1) = (s0 + d0, s1 + d1);
            q0 = Vector256.FusedMultiplyAdd(d0, d0, q0);
            q1 = Vector256.FusedMultiplyAdd(d1, d1, q1);
        }

        return (s0 + s1, q0 + q1);
    }

    /// <summary>
    /// <see cref="ShiftedLanes"/> of four planes (x + j stride, shifted by shifts[j]) walked side by side, a 512-bit vector
    /// per plane and step: its low half is the plane's first chain of 8 lanes (s0, q0), its high half the second (s1, q1),
    /// so every lane adds the same values in the same order and the halves' sum is the same s0 + s1. One plane at a time,
    /// each 64 bytes waited on the latency of one chain of fused multiply-adds, which held back the loads ahead: the pass
    /// read from memory at half the speed of a plain sum over the same floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> S0, Vector256<float> S1, Vector256<float> S2, Vector256<float> S3, Vector256<float> Q0, Vector256<float> Q1, Vector256<float> Q2, Vector256<float> Q3) ShiftedLanesOfFour(float* x, long stride, int count, float* shifts)
    {
        var (k0, k1, k2, k3) = (Vector512.Create(shifts[0]), Vector512.Create(shifts[1]), Vector512.Create(shifts[2]), Vector512.Create(shifts[3]));
        var (s0, s1, s2, s3) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        var (q0, q1, q2, q3) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        var x1 = x + stride;
        var x2 = x + (2 * stride);
        var x3 = x + (3 * stride);
        for (var i = 0; i + (2 * Width) <= count; i += 2 * Width)
        {
            var d0 = Vector512.Load(x + i) - k0;
            var d1 = Vector512.Load(x1 + i) - k1;
            var d2 = Vector512.Load(x2 + i) - k2;
            var d3 = Vector512.Load(x3 + i) - k3;
            (s0, s1, s2, s3) = (s0 + d0, s1 + d1, s2 + d2, s3 + d3);
            q0 = Vector512.FusedMultiplyAdd(d0, d0, q0);
            q1 = Vector512.FusedMultiplyAdd(d1, d1, q1);
            q2 = Vector512.FusedMultiplyAdd(d2, d2, q2);
            q3 = Vector512.FusedMultiplyAdd(d3, d3, q3);
        }

        return (Halves(s0), Halves(s1), Halves(s2), Halves(s3), Halves(q0), Halves(q1), Halves(q2), Halves(q3));
    }

    /// <summary><see cref="DeviationLanes"/> of four planes walked side by side, as <see cref="ShiftedLanesOfFour"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> S0, Vector256<float> S1, Vector256<float> S2, Vector256<float> S3, Vector256<float> D0, Vector256<float> D1, Vector256<float> D2, Vector256<float> D3) DeviationLanesOfFour(float* dy, long dyStride, float* x, long xStride, int count, float* means)
    {
        var (m0, m1, m2, m3) = (Vector512.Create(means[0]), Vector512.Create(means[1]), Vector512.Create(means[2]), Vector512.Create(means[3]));
        var (s0, s1, s2, s3) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        var (d0, d1, d2, d3) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        var dy1 = dy + dyStride;
        var dy2 = dy + (2 * dyStride);
        var dy3 = dy + (3 * dyStride);
        var x1 = x + xStride;
        var x2 = x + (2 * xStride);
        var x3 = x + (3 * xStride);
        for (var i = 0; i + (2 * Width) <= count; i += 2 * Width)
        {
            var g0 = Vector512.Load(dy + i);
            var g1 = Vector512.Load(dy1 + i);
            var g2 = Vector512.Load(dy2 + i);
            var g3 = Vector512.Load(dy3 + i);
            (s0, s1, s2, s3) = (s0 + g0, s1 + g1, s2 + g2, s3 + g3);
            d0 = Vector512.FusedMultiplyAdd(g0, Vector512.Load(x + i) - m0, d0);
            d1 = Vector512.FusedMultiplyAdd(g1, Vector512.Load(x1 + i) - m1, d1);
            d2 = Vector512.FusedMultiplyAdd(g2, Vector512.Load(x2 + i) - m2, d2);
            d3 = Vector512.FusedMultiplyAdd(g3, Vector512.Load(x3 + i) - m3, d3);
        }

        return (Halves(s0), Halves(s1), Halves(s2), Halves(s3), Halves(d0), Halves(d1), Halves(d2), Halves(d3));
    }

    /// <summary>The sum of a 512-bit vector's two 256-bit halves (the two 8-lane chains' s0 + s1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Halves(Vector512<float> v) => v.GetLower() + v.GetUpper();

    /// <summary>The lane sums of one plane before its horizontal sums, as <see cref="VectorLoops.SumAndDotDeviations"/> forms them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Sum, Vector256<float> Dot) DeviationLanes(float* dy, float* x, int count, Vector256<float> m)
    {
        var (s0, s1, d0, d1) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        for (var i = 0; i + (2 * Width) <= count; i += 2 * Width)
        {
            var g0 = Vector256.Load(dy + i);
            var g1 = Vector256.Load(dy + i + Width);
            (s0, s1) = (s0 + g0, s1 + g1);
            d0 = Vector256.FusedMultiplyAdd(g0, Vector256.Load(x + i) - m, d0);
            d1 = Vector256.FusedMultiplyAdd(g1, Vector256.Load(x + i + Width) - m, d1);
        }

        return (s0 + s1, d0 + d1);
    }
}

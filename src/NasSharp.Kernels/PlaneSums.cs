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

    /// <summary>Whether this machine has the horizontal adds the eight-plane path is built on.</summary>
    public static bool IsSupported => Avx.IsSupported;

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
        var laneSums = HorizontalSums(s0, s1, s2, s3, s4, s5, s6, s7);
        var laneSquares = HorizontalSums(q0, q1, q2, q3, q4, q5, q6, q7);
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
        var laneSums = HorizontalSums(s0, s1, s2, s3, s4, s5, s6, s7);
        var laneDots = HorizontalSums(d0, d1, d2, d3, d4, d5, d6, d7);
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

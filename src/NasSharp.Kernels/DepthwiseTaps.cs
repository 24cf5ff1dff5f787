using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The vector loops of <see cref="DepthwiseConvolution"/> over the flat planes of a <see cref="DepthwisePlan"/>: sums
/// of taps at constant offsets over the chunks of <see cref="DepthwiseChunks"/>, four chunks at a time (four independent
/// chains of fused multiply-adds), and the stride-2 row (de)interleaving. Each output is a sum over taps in tap order, lane by lane, so it does not depend
/// on the vector width or the thread count; Vector256 is enough for planes that live in L1.
/// </summary>
internal static unsafe class DepthwiseTaps
{
    private const int Width = DepthwisePlan.Lanes;

    /// <summary>
    /// dst[dstStarts[k] + l] (= or, with <paramref name="accumulate"/>, +=) bias + sum over taps t of weights[t]
    /// src[srcStarts[k] + offsets[t] + l] for every chunk k and lane l &lt; 8; four chunks at a time share each tap's
    /// weight. Accumulating chunks must not overlap.
    /// </summary>
    public static void Correlate(float* src, int* srcStarts, float* dst, int* dstStarts, int chunks, int* offsets, float* weights, int taps, float bias, bool accumulate = false)
    {
        if (accumulate)
        {
            CorrelateInto(src, srcStarts, dst, dstStarts, chunks, offsets, weights, taps);
            return;
        }

        var b = Vector256.Create(bias);
        var k = 0;
        for (; k + 4 <= chunks; k += 4)
        {
            var p0 = src + srcStarts[k];
            var p1 = src + srcStarts[k + 1];
            var p2 = src + srcStarts[k + 2];
            var p3 = src + srcStarts[k + 3];
            var (a0, a1, a2, a3) = (b, b, b, b);
            for (var t = 0; t < taps; t++)
            {
                var o = offsets[t];
                var w = Vector256.Create(weights[t]);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(p0 + o), w, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(p1 + o), w, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(p2 + o), w, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(p3 + o), w, a3);
            }

            a0.Store(dst + dstStarts[k]);
            a1.Store(dst + dstStarts[k + 1]);
            a2.Store(dst + dstStarts[k + 2]);
            a3.Store(dst + dstStarts[k + 3]);
        }

        for (; k < chunks; k++)
        {
            var p0 = src + srcStarts[k];
            var a0 = b;
            for (var t = 0; t < taps; t++)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(p0 + offsets[t]), Vector256.Create(weights[t]), a0);
            }

            a0.Store(dst + dstStarts[k]);
        }
    }

    /// <summary>
    /// sums[t] += sum over chunks k, in order, of gradient[8 k + l] src[srcStarts[k] + offsets[t] + l], lane by lane,
    /// for every tap t: eight or nine taps at a time, so each chunk of the gradient is loaded once per block of taps.
    /// </summary>
    public static void AccumulateDots(float* gradient, float* src, int* srcStarts, int chunks, int* offsets, int taps, Vector256<float>* sums)
    {
        // Odd square kernels (9 = 9, 25 = 9 + 2 x 8, 49 = 9 + 5 x 8 taps) take one block of nine, then blocks of eight.
        var t0 = 0;
        if (taps >= 9 && taps % 8 == 1)
        {
            Dots9(gradient, src, srcStarts, chunks, offsets, sums);
            t0 = 9;
        }

        for (; t0 < taps; t0 += 8)
        {
            if (t0 == taps - 1)
            {
                sums[t0] += Dot(gradient, src, srcStarts, chunks, offsets[t0]);
                break;
            }

            Dots8(gradient, src, srcStarts, chunks, offsets + t0, Math.Min(8, taps - t0), sums + t0);
        }
    }

    /// <summary>sums[i] += the dot of the gradient with the taps at offsets[i], i &lt; count &lt;= 8 (a shorter block repeats its last tap and drops those sums).</summary>
    private static void Dots8(float* gradient, float* src, int* srcStarts, int chunks, int* offsets, int count, Vector256<float>* sums)
    {
        var (o0, o1, o2, o3) = (offsets[0], offsets[Math.Min(1, count - 1)], offsets[Math.Min(2, count - 1)], offsets[Math.Min(3, count - 1)]);
        var (o4, o5, o6, o7) = (offsets[Math.Min(4, count - 1)], offsets[Math.Min(5, count - 1)], offsets[Math.Min(6, count - 1)], offsets[Math.Min(7, count - 1)]);
        var (s0, s1, s2, s3, s4, s5, s6, s7) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        for (var k = 0; k < chunks; k++)
        {
            var d = Vector256.Load(gradient + (k * Width));
            var p = src + srcStarts[k];
            s0 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o0), s0);
            s1 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o1), s1);
            s2 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o2), s2);
            s3 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o3), s3);
            s4 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o4), s4);
            s5 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o5), s5);
            s6 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o6), s6);
            s7 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o7), s7);
        }

        var block = stackalloc Vector256<float>[8] { s0, s1, s2, s3, s4, s5, s6, s7 };
        for (var i = 0; i < count; i++)
        {
            sums[i] += block[i];
        }
    }

    /// <summary>sums[i] += the dot of the gradient with the taps at offsets[i], i &lt; 9, in one pass (nine accumulators fit the 16 registers).</summary>
    private static void Dots9(float* gradient, float* src, int* srcStarts, int chunks, int* offsets, Vector256<float>* sums)
    {
        var (o0, o1, o2, o3, o4) = (offsets[0], offsets[1], offsets[2], offsets[3], offsets[4]);
        var (o5, o6, o7, o8) = (offsets[5], offsets[6], offsets[7], offsets[8]);
        var (s0, s1, s2, s3, s4) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        var (s5, s6, s7, s8) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        for (var k = 0; k < chunks; k++)
        {
            var d = Vector256.Load(gradient + (k * Width));
            var p = src + srcStarts[k];
            s0 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o0), s0);
            s1 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o1), s1);
            s2 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o2), s2);
            s3 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o3), s3);
            s4 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o4), s4);
            s5 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o5), s5);
            s6 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o6), s6);
            s7 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o7), s7);
            s8 = Vector256.FusedMultiplyAdd(d, Vector256.Load(p + o8), s8);
        }

        (sums[0], sums[1], sums[2], sums[3], sums[4]) = (sums[0] + s0, sums[1] + s1, sums[2] + s2, sums[3] + s3, sums[4] + s4);
        (sums[5], sums[6], sums[7], sums[8]) = (sums[5] + s5, sums[6] + s6, sums[7] + s7, sums[8] + s8);
    }

    /// <summary>sum over chunks k of gradient[8 k + l] src[srcStarts[k] + offset + l], lane by lane, in four interleaved partial sums.</summary>
    private static Vector256<float> Dot(float* gradient, float* src, int* srcStarts, int chunks, int offset)
    {
        var (s0, s1, s2, s3) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        var at = src + offset;
        var k = 0;
        for (; k + 4 <= chunks; k += 4)
        {
            var g = gradient + (k * Width);
            s0 = Vector256.FusedMultiplyAdd(Vector256.Load(g), Vector256.Load(at + srcStarts[k]), s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.Load(g + Width), Vector256.Load(at + srcStarts[k + 1]), s1);
            s2 = Vector256.FusedMultiplyAdd(Vector256.Load(g + (2 * Width)), Vector256.Load(at + srcStarts[k + 2]), s2);
            s3 = Vector256.FusedMultiplyAdd(Vector256.Load(g + (3 * Width)), Vector256.Load(at + srcStarts[k + 3]), s3);
        }

        for (; k < chunks; k++)
        {
            s0 = Vector256.FusedMultiplyAdd(Vector256.Load(gradient + (k * Width)), Vector256.Load(at + srcStarts[k]), s0);
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>dst[dstStarts[k] + l] += sum over taps t of weights[t] src[srcStarts[k] + offsets[t] + l]: the sums start from dst.</summary>
    private static void CorrelateInto(float* src, int* srcStarts, float* dst, int* dstStarts, int chunks, int* offsets, float* weights, int taps)
    {
        var k = 0;
        for (; k + 4 <= chunks; k += 4)
        {
            var p0 = src + srcStarts[k];
            var p1 = src + srcStarts[k + 1];
            var p2 = src + srcStarts[k + 2];
            var p3 = src + srcStarts[k + 3];
            var d0 = dst + dstStarts[k];
            var d1 = dst + dstStarts[k + 1];
            var d2 = dst + dstStarts[k + 2];
            var d3 = dst + dstStarts[k + 3];
            var (a0, a1, a2, a3) = (Vector256.Load(d0), Vector256.Load(d1), Vector256.Load(d2), Vector256.Load(d3));
            for (var t = 0; t < taps; t++)
            {
                var o = offsets[t];
                var w = Vector256.Create(weights[t]);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(p0 + o), w, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(p1 + o), w, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(p2 + o), w, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(p3 + o), w, a3);
            }

            a0.Store(d0);
            a1.Store(d1);
            a2.Store(d2);
            a3.Store(d3);
        }

        for (; k < chunks; k++)
        {
            var p0 = src + srcStarts[k];
            var a0 = Vector256.Load(dst + dstStarts[k]);
            for (var t = 0; t < taps; t++)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(p0 + offsets[t]), Vector256.Create(weights[t]), a0);
            }

            a0.Store(dst + dstStarts[k]);
        }
    }

    /// <summary>even[i] = src[2 i], odd[i] = src[2 i + 1] for a row of <paramref name="count"/> floats.</summary>
    public static void Deinterleave(float* src, int count, float* even, float* odd)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // 32 floats at a time: one two-source permute for the 16 evens, one for the 16 odds.
            for (; i + (4 * Width) <= count; i += 4 * Width)
            {
                var (a, b) = (Vector512.Load(src + i), Vector512.Load(src + i + (2 * Width)));
                Avx512F.PermuteVar16x32x2(a, EvenLanes, b).Store(even + (i / 2));
                Avx512F.PermuteVar16x32x2(a, OddLanes, b).Store(odd + (i / 2));
            }
        }

        for (; i + (2 * Width) <= count; i += 2 * Width)
        {
            var a = Vector256.Shuffle(Vector256.Load(src + i), EvensFirst);
            var b = Vector256.Shuffle(Vector256.Load(src + i + Width), EvensFirst);
            Vector256.Create(a.GetLower(), b.GetLower()).Store(even + (i / 2));
            Vector256.Create(a.GetUpper(), b.GetUpper()).Store(odd + (i / 2));
        }

        if (i + Width <= count)
        {
            var a = Vector256.Shuffle(Vector256.Load(src + i), EvensFirst);
            a.GetLower().Store(even + (i / 2));
            a.GetUpper().Store(odd + (i / 2));
            i += Width;
        }

        for (; i < count; i++)
        {
            ((i & 1) == 0 ? even : odd)[i / 2] = src[i];
        }
    }

    /// <summary>dst[2 i] += even[i], dst[2 i + 1] += odd[i] for a row of <paramref name="count"/> floats.</summary>
    public static void InterleaveInto(float* even, float* odd, float* dst, int count)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // 32 floats at a time: the first 16 take evens and odds 0-7 in turn, the next 16 evens and odds 8-15.
            for (; i + (4 * Width) <= count; i += 4 * Width)
            {
                var (e, o) = (Vector512.Load(even + (i / 2)), Vector512.Load(odd + (i / 2)));
                (Vector512.Load(dst + i) + Avx512F.PermuteVar16x32x2(e, ZipLow, o)).Store(dst + i);
                (Vector512.Load(dst + i + (2 * Width)) + Avx512F.PermuteVar16x32x2(e, ZipHigh, o)).Store(dst + i + (2 * Width));
            }
        }

        for (; i + (2 * Width) <= count; i += 2 * Width)
        {
            var e = Vector256.Load(even + (i / 2));
            var o = Vector256.Load(odd + (i / 2));
            var low = Vector256.Shuffle(Vector256.Create(e.GetLower(), o.GetLower()), Zip);
            var high = Vector256.Shuffle(Vector256.Create(e.GetUpper(), o.GetUpper()), Zip);
            (Vector256.Load(dst + i) + low).Store(dst + i);
            (Vector256.Load(dst + i + Width) + high).Store(dst + i + Width);
        }

        if (i + Width <= count)
        {
            var pair = Vector256.Shuffle(Vector256.Create(Vector128.Load(even + (i / 2)), Vector128.Load(odd + (i / 2))), Zip);
            (Vector256.Load(dst + i) + pair).Store(dst + i);
            i += Width;
        }

        for (; i < count; i++)
        {
            dst[i] += ((i & 1) == 0 ? even : odd)[i / 2];
        }
    }

    /// <summary>dst[i] += src[i].</summary>
    public static void AddInto(float* src, float* dst, int count)
    {
        var i = 0;
        for (; i + Width <= count; i += Width)
        {
            (Vector256.Load(dst + i) + Vector256.Load(src + i)).Store(dst + i);
        }

        for (; i < count; i++)
        {
            dst[i] += src[i];
        }
    }

    // Of two 16-float vectors (32 lanes): the even lanes, then the odd ones.
    private static Vector512<int> EvenLanes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    }

    private static Vector512<int> OddLanes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    }

    // (e0 .. e15, o0 .. o15) -> (e0 o0 e1 o1 .. e7 o7) and (e8 o8 .. e15 o15).
    private static Vector512<int> ZipLow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    }

    private static Vector512<int> ZipHigh
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    }

    // Lanes 0-3 take the even elements, lanes 4-7 the odd ones.
    private static Vector256<int> EvensFirst
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
    }

    // (e0 e1 e2 e3 o0 o1 o2 o3) -> (e0 o0 e1 o1 e2 o2 e3 o3).
    private static Vector256<int> Zip
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
    }
}

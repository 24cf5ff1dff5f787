using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Average pooling over NCHW planes. With countIncludePad the divisor is always Kernel^2 (padding counts
/// as zeros); without it, only the input elements under the window count. 3 x 3 with stride 1 and padding 1
/// (the NAS-Bench-201 and DARTS cells' pooling) streams each column of vectors down the plane (<see cref="StreamRows512"/>);
/// other stride-1 windows sum eight windows at a time over a horizontally zero-padded copy of the plane; both use the
/// divisors computed once per call, and the backward pass does the same with the transposed window over dy / divisor.
/// 3 x 3 at stride 2 and padding 1 on planes up to 32 wide (DARTS's reduction cells; the backward from 16 wide) runs a row of outputs a vector
/// in the window-by-window loop's order (<see cref="AveragePoolingStrideTwo"/>); other strides sum window by window. Planes are
/// independent, run in blocks of whole planes (<see cref="ElementwiseBlocks.ForEach"/>), so results never depend on the
/// thread count. Backward accumulates.
/// </summary>
public static unsafe class AveragePooling
{
    /// <summary>y[p, oh, ow] = (sum of x[p] under the window) / divisor.</summary>
    public static void Forward(Pool2dGeometry g, bool countIncludePad, ReadOnlySpan<float> input, Span<float> output)
    {
        g.Validate("AvgPool2d", input.Length, output.Length);
        fixed (float* px = input, py = output)
        {
            var divisors = g.Stride == 1 || AveragePoolingStrideTwo.Applies(g) ? (nint)Divisors(g, countIncludePad) : 0;
            ElementwiseBlocks.ForEach(g.Planes, g.InPlane, (G: g, IncludePad: countIncludePad, Divisors: divisors, X: (nint)px, Y: (nint)py), static (s, p) =>
            {
                var x = (float*)s.X + ((long)p * s.G.InPlane);
                var y = (float*)s.Y + ((long)p * s.G.OutPlane);
                if ((Streamed(s.G) || (AveragePoolingStrideTwo.Applies(s.G) && s.G.W > 16)) && PrefetchesNextPlane(s.G, p))
                {
                    PlanePrefetch.Planes(x + s.G.InPlane, 0, 1, s.G.InPlane);
                    PlanePrefetch.Planes(y + s.G.OutPlane, 0, 1, s.G.OutPlane);
                }

                if (Streamed(s.G))
                {
                    ForwardThreeByThree(s.G, (float*)s.Divisors, x, y);
                }
                else if (s.G.Stride == 1)
                {
                    ForwardStrideOne(s.G, (float*)s.Divisors, x, y);
                }
                else if (AveragePoolingStrideTwo.Applies(s.G))
                {
                    AveragePoolingStrideTwo.Forward(s.G, (float*)s.Divisors, x, y);
                }
                else
                {
                    ForwardPlane(s.G, s.IncludePad, x, y);
                }
            });
        }
    }

    /// <summary>
    /// inputGrad[p, under window] += outputGrad[p, oh, ow] / divisor; without <paramref name="accumulate"/> inputGrad is
    /// overwritten with those sums instead (the first contribution to a gradient).
    /// </summary>
    public static void Backward(Pool2dGeometry g, bool countIncludePad, ReadOnlySpan<float> outputGrad, Span<float> inputGrad, bool accumulate = true)
    {
        g.Validate("AvgPool2d", inputGrad.Length, outputGrad.Length);
        fixed (float* pdy = outputGrad, pdx = inputGrad)
        {
            var divisors = g.Stride == 1 || AveragePoolingStrideTwo.AppliesBackward(g) ? (nint)Divisors(g, countIncludePad) : 0;
            ElementwiseBlocks.ForEach(g.Planes, g.InPlane, (G: g, IncludePad: countIncludePad, Divisors: divisors, Dy: (nint)pdy, Dx: (nint)pdx, Accumulate: accumulate), static (s, p) =>
            {
                var dy = (float*)s.Dy + ((long)p * s.G.OutPlane);
                var dx = (float*)s.Dx + ((long)p * s.G.InPlane);
                if ((Streamed(s.G) || AveragePoolingStrideTwo.AppliesBackward(s.G)) && PrefetchesNextPlane(s.G, p))
                {
                    PlanePrefetch.Planes(dy + s.G.OutPlane, 0, 1, s.G.OutPlane);
                    PlanePrefetch.Planes(dx + s.G.InPlane, 0, 1, s.G.InPlane);
                }

                if (Streamed(s.G))
                {
                    BackwardThreeByThree(s.G, (float*)s.Divisors, dy, dx, s.Accumulate);
                    return;
                }

                if (s.G.Stride == 1)
                {
                    BackwardStrideOne(s.G, (float*)s.Divisors, dy, dx, s.Accumulate);
                    return;
                }

                if (AveragePoolingStrideTwo.AppliesBackward(s.G))
                {
                    AveragePoolingStrideTwo.Backward(s.G, (float*)s.Divisors, dy, dx, s.Accumulate);
                    return;
                }

                if (!s.Accumulate)
                {
                    new Span<float>(dx, s.G.InPlane).Clear();
                }

                BackwardPlane(s.G, s.IncludePad, dy, dx);
            });
        }
    }

    /// <summary>
    /// The divisor of every output position (Kernel^2, or the number of real elements in the window),
    /// the same for every plane, so it is computed once per call.
    /// </summary>
    private static float* Divisors(Pool2dGeometry g, bool countIncludePad)
    {
        var divisors = KernelScratch.Get(KernelScratch.Shared, g.OutPlane);
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (h0, h1) = g.Rows(oh);
            for (var ow = 0; ow < g.OutW; ow++)
            {
                var (w0, w1) = g.Columns(ow);
                divisors[(oh * g.OutW) + ow] = countIncludePad ? g.Kernel * g.Kernel : (h1 - h0) * (w1 - w0);
            }
        }

        return divisors;
    }

    /// <summary>Stride 1: per output row, sum the window's real rows of the horizontally zero-padded plane, eight outputs at a time.</summary>
    private static void ForwardStrideOne(Pool2dGeometry g, float* divisors, float* x, float* y)
    {
        var (k, pad, outW) = (g.Kernel, g.Padding, g.OutW);
        var paddedW = g.W + (2 * pad);
        var padded = KernelScratch.Get(KernelScratch.Staging, (long)g.H * paddedW);
        PadColumns(x, g.H, g.W, pad, padded);
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (h0, h1) = g.Rows(oh);
            var output = y + ((long)oh * outW);
            var divisor = divisors + ((long)oh * outW);
            var window = padded + ((long)h0 * paddedW);
            if (outW < 8)
            {
                for (var ow = 0; ow < outW; ow++)
                {
                    output[ow] = WindowSum(window + ow, h1 - h0, paddedW, k) / divisor[ow];
                }

                continue;
            }

            for (var ow = 0; ; ow += 8)
            {
                ow = Math.Min(ow, outW - 8);
                (WindowSum8(window + ow, h1 - h0, paddedW, k) / Vector256.Load(divisor + ow)).Store(output + ow);
                if (ow == outW - 8)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Stride 1, transposed: share = dy / divisor in a plane padded by Kernel - 1 - Padding columns each
    /// side; dx[h, w] (+)= the window sum of shares over the output rows whose window holds row h.
    /// </summary>
    private static void BackwardStrideOne(Pool2dGeometry g, float* divisors, float* dy, float* dx, bool accumulate)
    {
        var (k, outW) = (g.Kernel, g.OutW);
        var pad = k - 1 - g.Padding;
        var paddedW = outW + (2 * pad);
        var shares = KernelScratch.Get(KernelScratch.Staging, (long)g.OutH * paddedW);
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var row = shares + ((long)oh * paddedW);
            for (var i = 0; i < pad; i++)
            {
                row[i] = 0f;
                row[pad + outW + i] = 0f;
            }

            var dyRow = dy + ((long)oh * outW);
            var divisor = divisors + ((long)oh * outW);
            var ow = 0;
            for (; outW >= 8; ow += 8)
            {
                ow = Math.Min(ow, outW - 8);
                (Vector256.Load(dyRow + ow) / Vector256.Load(divisor + ow)).Store(row + pad + ow);
                if (ow == outW - 8)
                {
                    break;
                }
            }

            for (; outW < 8 && ow < outW; ow++)
            {
                row[pad + ow] = dyRow[ow] / divisor[ow];
            }
        }

        for (var h = 0; h < g.H; h++)
        {
            var (oh0, oh1) = (Math.Max(0, h + g.Padding - k + 1), Math.Min(g.OutH, h + g.Padding + 1));
            var target = dx + ((long)h * g.W);
            var window = shares + ((long)oh0 * paddedW);
            var w = 0;
            for (; w + 8 <= g.W; w += 8)
            {
                var sum = WindowSum8(window + w, oh1 - oh0, paddedW, k);
                (accumulate ? Vector256.Load(target + w) + sum : sum).Store(target + w);
            }

            for (; w < g.W; w++)
            {
                var sum = WindowSum(window + w, oh1 - oh0, paddedW, k);
                target[w] = accumulate ? target[w] + sum : sum;
            }
        }
    }

    /// <summary>
    /// True for the planes <see cref="StreamRows512"/>, <see cref="StreamRowsMasked512{TLookAhead}"/> and <see cref="StreamRows256"/>
    /// take: 3 x 3, stride 1, padding 1, any row width (the 28 x 28, 14 x 14 and 7 x 7 planes of 28 x 28 images among them).
    /// </summary>
    private static bool Streamed(Pool2dGeometry g) =>
        g.Kernel == 3 && g.Stride == 1 && g.Padding == 1 && (g.W > 8 ? Avx512F.IsSupported : Avx512F.VL.IsSupported);

    /// <summary>
    /// Whether a streamed plane whose rows are not whole 512-bit vectors (28, 14 and 7 wide) asks for the next plane's lines
    /// before it is summed: its last column of vectors is read and written under masks, and masked accesses that miss the
    /// caches are several times slower than plain ones on AMD's Zen 5, so from memory the 14 x 14 planes ran 2.5x slower
    /// than the 16 x 16 ones in the kernel driver (session 33, one thread, `--cold 256`). The stride-2 pass
    /// (<see cref="AveragePoolingStrideTwo"/>) likewise: its backward on 28-, 14- and 8-wide rows 4.5x / 1.6x / 1.2x
    /// faster from memory with the prefetch, its forward 1.28x on 28-wide rows, 0.92-1.03x on narrower ones, which do
    /// without (session 34). Changes no value.
    /// </summary>
    private static bool PrefetchesNextPlane(Pool2dGeometry g, int plane) => g.W % 16 != 0 && plane + 1 < g.Planes && Sse.IsSupported;

    /// <summary>Stride 1, 3 x 3, padding 1 (NAS-Bench-201's and DARTS's pooling): the streamed window sums, divided.</summary>
    private static void ForwardThreeByThree(Pool2dGeometry g, float* divisors, float* x, float* y)
    {
        if (g.W <= 8)
        {
            StreamRows256(x, g.H, g.W, divisors, y, accumulate: false);
        }
        else if (g.W % 16 != 0)
        {
            StreamRowsMasked512<NoLookAhead>(x, g.H, g.W, divisors, y, accumulate: false);
        }
        else
        {
            StreamRows512(x, g.H, g.W, divisors, y, accumulate: false);
        }
    }

    /// <summary>
    /// The transposed window of a 3 x 3, stride-1, padding-1 pooling is the same window: dx (+)= the streamed window sums
    /// of the shares dy / divisor, the additions of <see cref="BackwardStrideOne"/> in its order.
    /// </summary>
    private static void BackwardThreeByThree(Pool2dGeometry g, float* divisors, float* dy, float* dx, bool accumulate)
    {
        var shares = KernelScratch.Get(KernelScratch.Staging, g.OutPlane);
        var i = 0;
        for (; i + 16 <= g.OutPlane; i += 16)
        {
            (Vector512.Load(dy + i) / Vector512.Load(divisors + i)).Store(shares + i);
        }

        for (; i < g.OutPlane; i++)
        {
            shares[i] = dy[i] / divisors[i];
        }

        if (g.W <= 8)
        {
            StreamRows256(shares, g.H, g.W, null, dx, accumulate);
        }
        else if (g.W % 16 != 0)
        {
            if (g.W < 16)
            {
                StreamRowsMasked512<LookAhead>(shares, g.H, g.W, null, dx, accumulate);
            }
            else
            {
                StreamRowsMasked512<NoLookAhead>(shares, g.H, g.W, null, dx, accumulate);
            }
        }
        else
        {
            StreamRows512(shares, g.H, g.W, null, dx, accumulate);
        }
    }

    /// <summary>
    /// The 3 x 3 window sums of a plane with rows of whole 512-bit vectors, zero padding 1, streamed down each column of
    /// vectors with the neighbouring columns shifted in from the vectors beside (no padded copy). Each row's sum is
    /// (left + centre) + right and each output (0 + row above) + row + row below, skipping rows outside the plane: the
    /// additions of <see cref="WindowSum8"/> over a zero-padded copy, in its order, so the results are bitwise the same.
    /// Then dst = sum / divisors (forward), or dst (+)= sum (backward, <paramref name="divisors"/> null).
    /// </summary>
    private static void StreamRows512(float* src, int height, int width, float* divisors, float* dst, bool accumulate)
    {
        var vectors = width / 16;
        for (var v = 0; v < vectors; v++)
        {
            var column = v * 16;
            var (hasLeft, hasRight) = (v > 0, v + 1 < vectors);
            Vector512<float> RowSum(int row)
            {
                var at = src + ((long)row * width) + column;
                var centre = Vector512.Load(at).AsInt32();
                var before = hasLeft ? Vector512.Load(at - 16).AsInt32() : Vector512<int>.Zero;
                var after = hasRight ? Vector512.Load(at + 16).AsInt32() : Vector512<int>.Zero;
                return (Avx512F.AlignRight32(centre, before, 15).AsSingle() + centre.AsSingle()) + Avx512F.AlignRight32(after, centre, 1).AsSingle();
            }

            var (above, current) = (Vector512<float>.Zero, RowSum(0));
            for (var row = 0; row < height; row++)
            {
                var sum = Vector512<float>.Zero;
                if (row > 0)
                {
                    sum += above;
                }

                sum += current;
                var below = Vector512<float>.Zero;
                if (row + 1 < height)
                {
                    below = RowSum(row + 1);
                    sum += below;
                }

                var at = ((long)row * width) + column;
                (divisors != null ? sum / Vector512.Load(divisors + at) : accumulate ? Vector512.Load(dst + at) + sum : sum).Store(dst + at);
                (above, current) = (current, below);
            }
        }
    }

    /// <summary>
    /// <see cref="StreamRows512"/> for rows wider than 8 that are not whole 512-bit vectors (28 and 14 on 28 x 28 images):
    /// the last column of vectors is read and written under a mask of the row's remaining lanes (the lanes past the row
    /// read as zero, the padding the sums need, and are never written); the column before it reads its right neighbour
    /// under the same mask (only that vector's first lane is used; the mask keeps the load inside the plane). Kept apart from <see cref="StreamRows512"/> so that rows of whole vectors run their loop unchanged.
    /// </summary>
    private static void StreamRowsMasked512<TLookAhead>(float* src, int height, int width, float* divisors, float* dst, bool accumulate)
        where TLookAhead : struct, IGradientLookAhead
    {
        var vectors = (width + 15) / 16;
        var tail = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(width % 16)).AsSingle();
        var all = Vector512<float>.AllBitsSet;
        for (var v = 0; v < vectors; v++)
        {
            var column = v * 16;
            var (hasLeft, hasRight) = (v > 0, v + 1 < vectors);
            var own = hasRight ? all : tail;
            var next = v + 2 == vectors ? tail : all;
            Vector512<float> RowSum(int row)
            {
                var at = src + ((long)row * width) + column;
                var centre = Avx512F.MaskLoad(at, own, Vector512<float>.Zero).AsInt32();
                var before = hasLeft ? Vector512.Load(at - 16).AsInt32() : Vector512<int>.Zero;
                var after = hasRight ? Avx512F.MaskLoad(at + 16, next, Vector512<float>.Zero).AsInt32() : Vector512<int>.Zero;
                return (Avx512F.AlignRight32(centre, before, 15).AsSingle() + centre.AsSingle()) + Avx512F.AlignRight32(after, centre, 1).AsSingle();
            }

            var (above, current) = (Vector512<float>.Zero, RowSum(0));
            // Rows narrower than a vector (14 wide): the next row's gradient is read before this one is written, since
            // their spans overlap and a load overlapping a masked store in flight waits for it.
            var ahead = TLookAhead.Enabled && accumulate && divisors == null;
            var old = ahead ? Avx512F.MaskLoad(dst + column, own, Vector512<float>.Zero) : Vector512<float>.Zero;
            for (var row = 0; row < height; row++)
            {
                var sum = Vector512<float>.Zero;
                if (row > 0)
                {
                    sum += above;
                }

                sum += current;
                var below = Vector512<float>.Zero;
                if (row + 1 < height)
                {
                    below = RowSum(row + 1);
                    sum += below;
                }

                var at = ((long)row * width) + column;
                var nextOld = ahead && row + 1 < height ? Avx512F.MaskLoad(dst + at + width, own, Vector512<float>.Zero) : Vector512<float>.Zero;
                var value = divisors != null ? sum / Avx512F.MaskLoad(divisors + at, own, Vector512<float>.One)
                    : accumulate ? (ahead ? old : Avx512F.MaskLoad(dst + at, own, Vector512<float>.Zero)) + sum : sum;
                Avx512F.MaskStore(dst + at, own, value);
                (above, current, old) = (current, below, nextOld);
            }
        }
    }

    /// <summary>
    /// Whether a masked pass reads the next row's gradient before writing this row's (rows narrower than a vector, whose
    /// spans overlap): a type, so that the other passes' loops compile without it.
    /// </summary>
    private interface IGradientLookAhead
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct LookAhead : IGradientLookAhead
    {
        public static bool Enabled => true;
    }

    private readonly struct NoLookAhead : IGradientLookAhead
    {
        public static bool Enabled => false;
    }

    /// <summary><see cref="StreamRows512"/> for planes at most 8 wide (one 256-bit vector a row).</summary>
    private static void StreamRows256(float* src, int height, int width, float* divisors, float* dst, bool accumulate)
    {
        if (width == 8)
        {
            StreamRowsOf8(src, height, divisors, dst, accumulate);
        }
        else
        {
            if (divisors == null)
            {
                StreamNarrowRows<LookAhead>(src, height, width, divisors, dst, accumulate);
            }
            else
            {
                StreamNarrowRows<NoLookAhead>(src, height, width, divisors, dst, accumulate);
            }
        }
    }

    /// <summary>
    /// <see cref="StreamRows512"/> for planes 8 wide (one 256-bit vector a row): its own loop, not
    /// <see cref="StreamNarrowRows{TLookAhead}"/> with plain loads, which ran the 64 ch 8 x 8 forward 0.93x in the kernel driver.
    /// </summary>
    private static void StreamRowsOf8(float* src, int height, float* divisors, float* dst, bool accumulate)
    {
        static Vector256<float> RowSum(float* at)
        {
            var centre = Vector256.Load(at).AsInt32();
            return (Avx512F.VL.AlignRight32(centre, Vector256<int>.Zero, 7).AsSingle() + centre.AsSingle()) + Avx512F.VL.AlignRight32(Vector256<int>.Zero, centre, 1).AsSingle();
        }

        var (above, current) = (Vector256<float>.Zero, RowSum(src));
        for (var row = 0; row < height; row++)
        {
            var sum = Vector256<float>.Zero;
            if (row > 0)
            {
                sum += above;
            }

            sum += current;
            var below = Vector256<float>.Zero;
            if (row + 1 < height)
            {
                below = RowSum(src + ((row + 1) * 8));
                sum += below;
            }

            var at = row * 8;
            (divisors != null ? sum / Vector256.Load(divisors + at) : accumulate ? Vector256.Load(dst + at) + sum : sum).Store(dst + at);
            (above, current) = (current, below);
        }
    }

    /// <summary>
    /// <see cref="StreamRowsOf8"/> for rows of 1 to 7 (the 7 x 7 planes of 28 x 28 images): loads and stores under a mask
    /// of <paramref name="width"/> lanes, so the lanes past the row read as zero (the padding the sums need) and are never
    /// written; the same additions in the same order.
    /// </summary>
    private static void StreamNarrowRows<TLookAhead>(float* src, int height, int width, float* divisors, float* dst, bool accumulate)
        where TLookAhead : struct, IGradientLookAhead
    {
        var mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(width)).AsSingle();
        var (above, current) = (Vector256<float>.Zero, RowSum256(Avx512F.VL.MaskLoad(src, mask, Vector256<float>.Zero)));
        var ahead = TLookAhead.Enabled && accumulate && divisors == null;
        var old = ahead ? Avx512F.VL.MaskLoad(dst, mask, Vector256<float>.Zero) : Vector256<float>.Zero;
        for (var row = 0; row < height; row++)
        {
            var sum = Vector256<float>.Zero;
            if (row > 0)
            {
                sum += above;
            }

            sum += current;
            var below = Vector256<float>.Zero;
            if (row + 1 < height)
            {
                below = RowSum256(Avx512F.VL.MaskLoad(src + ((row + 1) * width), mask, Vector256<float>.Zero));
                sum += below;
            }

            // The next row's gradient is read before this one is written (their spans overlap, see StreamRowsMasked512).
            var at = row * width;
            var next = ahead && row + 1 < height ? Avx512F.VL.MaskLoad(dst + at + width, mask, Vector256<float>.Zero) : Vector256<float>.Zero;
            var value = divisors != null ? sum / Avx512F.VL.MaskLoad(divisors + at, mask, Vector256<float>.One)
                : accumulate ? (ahead ? old : Avx512F.VL.MaskLoad(dst + at, mask, Vector256<float>.Zero)) + sum : sum;
            Avx512F.VL.MaskStore(dst + at, mask, value);
            (above, current, old) = (current, below, next);
        }
    }

    /// <summary>The sums of each element with its left and right neighbours, (left + centre) + right, zero past the row's ends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RowSum256(Vector256<float> row)
    {
        var centre = row.AsInt32();
        return (Avx512F.VL.AlignRight32(centre, Vector256<int>.Zero, 7).AsSingle() + centre.AsSingle()) + Avx512F.VL.AlignRight32(Vector256<int>.Zero, centre, 1).AsSingle();
    }

    /// <summary>dst rows of W + 2 pad: pad zeros, the row of <paramref name="src"/>, pad zeros.</summary>
    private static void PadColumns(float* src, int height, int width, int pad, float* dst)
    {
        var stride = width + (2 * pad);
        for (var h = 0; h < height; h++)
        {
            var row = dst + ((long)h * stride);
            for (var t = 0; t < pad; t++)
            {
                row[t] = row[pad + width + t] = 0f;
            }

            VectorLoops.Copy(src + ((long)h * width), row + pad, width);
        }
    }

    /// <summary>Sum of the k x rows window starting at <paramref name="start"/> (rows <paramref name="stride"/> apart), for eight consecutive starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> WindowSum8(float* start, int rows, int stride, int k)
    {
        var acc = Vector256<float>.Zero;
        for (var r = 0; r < rows; r++)
        {
            var row = start + ((long)r * stride);
            if (k == 3)
            {
                acc += Vector256.Load(row) + Vector256.Load(row + 1) + Vector256.Load(row + 2);
                continue;
            }

            for (var t = 0; t < k; t++)
            {
                acc += Vector256.Load(row + t);
            }
        }

        return acc;
    }

    /// <summary>The scalar <see cref="WindowSum8"/>, in the same order.</summary>
    private static float WindowSum(float* start, int rows, int stride, int k)
    {
        var acc = 0f;
        for (var r = 0; r < rows; r++)
        {
            var row = start + ((long)r * stride);
            if (k == 3)
            {
                acc += row[0] + row[1] + row[2];
                continue;
            }

            for (var t = 0; t < k; t++)
            {
                acc += row[t];
            }
        }

        return acc;
    }

    private static void ForwardPlane(Pool2dGeometry g, bool countIncludePad, float* x, float* y)
    {
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (h0, h1) = g.Rows(oh);
            for (var ow = 0; ow < g.OutW; ow++)
            {
                var (w0, w1) = g.Columns(ow);
                var sum = 0f;
                for (var h = h0; h < h1; h++)
                {
                    for (var w = w0; w < w1; w++)
                    {
                        sum += x[(h * g.W) + w];
                    }
                }

                y[(oh * g.OutW) + ow] = sum / (countIncludePad ? g.Kernel * g.Kernel : (h1 - h0) * (w1 - w0));
            }
        }
    }

    private static void BackwardPlane(Pool2dGeometry g, bool countIncludePad, float* dy, float* dx)
    {
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (h0, h1) = g.Rows(oh);
            for (var ow = 0; ow < g.OutW; ow++)
            {
                var (w0, w1) = g.Columns(ow);
                var share = dy[(oh * g.OutW) + ow] / (countIncludePad ? g.Kernel * g.Kernel : (h1 - h0) * (w1 - w0));
                for (var h = h0; h < h1; h++)
                {
                    for (var w = w0; w < w1; w++)
                    {
                        dx[(h * g.W) + w] += share;
                    }
                }
            }
        }
    }
}

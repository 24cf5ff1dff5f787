using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise convolution and its input gradient at stride 2 on rows of 32 or 16 inputs (16 or 8 outputs; a
/// ShuffleNetV2's downsampling blocks on 32 x 32 and 16 x 16 planes), without staging the plane's phases in memory.
/// A 16-lane vector holds one output row of 16, or two output rows of 8 (rows oh and oh + 1, which read input rows two
/// apart). An input row (or such a pair of rows) is split by two permutes into its even and odd columns (its two
/// column phases: Dumoulin and Visin, "A guide to convolution arithmetic", 2016, section 4, for the strided convolution
/// as a sum over phases), and a tap reads one of them shifted by its column offset, with zeros where the column falls
/// in the padding (one more permute, none for an unshifted tap). Every forward output is bias + the taps in tap order,
/// one fused multiply-add each, padding taps included; every input-gradient position chains from zero over the taps of
/// its phase in tap order (the positions of dY outside the plane as zeros) and is then added to dx: lane for lane what
/// <see cref="DepthwiseTaps.Correlate"/> and <see cref="DepthwisePlan.AccumulatePhases"/> compute over the staged
/// phases, which cost a store and a reload of every input value (the reloads straddling the stores still in flight).
/// </summary>
internal static unsafe class DepthwiseStrideTwoRows
{
    private const int Lanes = 16;

    /// <summary>
    /// Whether <see cref="Forward"/> and <see cref="BackwardData"/> take <paramref name="g"/>: depthwise, stride 2,
    /// rows of 32 inputs (16 outputs), of 16 inputs (8 outputs, H a multiple of 4), or of an even 10-30 inputs (28 and
    /// 14 on 28 x 28 images: one output row a vector, its lanes past the row under a mask), the output half the input
    /// in both directions, at most 64 taps, 512-bit permutes.
    /// </summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.IsSupported && g.IsDepthwise && g.Stride == 2 && g.KH * g.KW <= 64 &&
        ((g.W == 2 * Lanes && g.OutW == Lanes) || (g.W == Lanes && g.OutW == Lanes / 2 && g.H % 4 == 0) ||
         (g.W % 2 == 0 && g.W >= 10 && g.W < 2 * Lanes && g.W != Lanes && g.OutW * 2 == g.W)) &&
        g.H % 2 == 0 && g.OutH * 2 == g.H;

    /// <summary>Whether a vector holds two output rows of 8 (rows of 16 inputs) rather than one output row.</summary>
    private static bool RowPairs(Conv2dGeometry g) => g.OutW == Lanes / 2;

    /// <summary>The lanes of a row's last vector the row has: all 16, or those of a row that is not whole vectors.</summary>
    private static Vector512<float> LastLanes(int width) =>
        Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(((width - 1) % Lanes) + 1)).AsSingle();

    /// <summary>
    /// Output planes of input planes [first, end) (index n Cin + ci): y[co, oh, ow] chains w[co, t] x[2 oh - P + D kh,
    /// 2 ow - P + D kw] over the taps t = (kh, kw) in order, from bias[co] (zero without a bias), zeros in the padding.
    /// Four output vectors at a time: four independent chains of multiply-adds.
    /// </summary>
    public static void Forward(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
    {
        if (RowPairs(g))
        {
            Forward<PairsOf8>(g, x, w, bias, y, first, end);
        }
        else if (g.W == 2 * Lanes)
        {
            Forward<WholeRows>(g, x, w, bias, y, first, end);
        }
        else
        {
            Forward<MaskedRows>(g, x, w, bias, y, first, end);
        }
    }

    /// <summary><see cref="Forward(Conv2dGeometry, float*, float*, float*, float*, int, int)"/> for one kind of row, compiled apart.</summary>
    private static void Forward<TRows>(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
        where TRows : struct, IRowKind
    {
        var taps = g.KH * g.KW;
        var columnsSpace = stackalloc int[(g.KW * Lanes) + (CacheLineAlignment.Slack / sizeof(int))];
        var columns = CacheLineAlignment.Up(columnsSpace);
        var odd = stackalloc bool[g.KW];
        var shifted = stackalloc bool[g.KW];
        for (var kw = 0; kw < g.KW; kw++)
        {
            (odd[kw], shifted[kw]) = ColumnTable(g, (kw * g.Dilation) - g.Padding, columns + (kw * Lanes));
        }

        // One vector per output row (of up to 16), or per two output rows of 8 (their input rows are two apart).
        var wide = !TRows.Pairs;
        var vectors = wide ? g.OutH : g.OutH / 2;
        var rowStep = wide ? 2 : 4;
        var (inputLast, outputLast) = (LastLanes(g.W), LastLanes(g.OutW));
        var zero = Vector512<float>.Zero;
        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var input = x + ((long)plane * g.InPlane);
            if (TRows.Masked && plane + 1 < g.N * g.Cin && Sse.IsSupported)
            {
                PrefetchNextPlane(input + g.InPlane, g.InPlane, y + ((long)(plane + 1) * g.OutPerGroup * g.OutPlane), g.OutPerGroup * g.OutPlane);
            }

            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var weights = w + ((long)co * taps);
                var start = Vector512.Create(bias == null ? 0f : bias[co]);
                var output = y + ((((long)n * g.Cout) + co) * g.OutPlane);
                for (var v = 0; v < vectors; v += 4)
                {
                    // Vectors past the last are computed from zeros (or rows they never store) and dropped.
                    var (s0, s1, s2, s3) = (start, start, start, start);
                    for (var kh = 0; kh < g.KH; kh++)
                    {
                        var row = (rowStep * v) + (kh * g.Dilation) - g.Padding;
                        var (e0, o0) = SplitRow<TRows>(input, row, g, inputLast);
                        var (e1, o1) = SplitRow<TRows>(input, row + rowStep, g, inputLast);
                        var (e2, o2) = SplitRow<TRows>(input, row + (2 * rowStep), g, inputLast);
                        var (e3, o3) = SplitRow<TRows>(input, row + (3 * rowStep), g, inputLast);
                        var tapWeights = weights + (kh * g.KW);
                        for (var kw = 0; kw < g.KW; kw++)
                        {
                            var (t0, t1, t2, t3) = odd[kw] ? (o0, o1, o2, o3) : (e0, e1, e2, e3);
                            if (shifted[kw])
                            {
                                var index = Vector512.Load(columns + (kw * Lanes));
                                (t0, t1) = (Avx512F.PermuteVar16x32x2(t0, index, zero), Avx512F.PermuteVar16x32x2(t1, index, zero));
                                (t2, t3) = (Avx512F.PermuteVar16x32x2(t2, index, zero), Avx512F.PermuteVar16x32x2(t3, index, zero));
                            }

                            var weight = Vector512.Create(tapWeights[kw]);
                            s0 = Vector512.FusedMultiplyAdd(t0, weight, s0);
                            s1 = Vector512.FusedMultiplyAdd(t1, weight, s1);
                            s2 = Vector512.FusedMultiplyAdd(t2, weight, s2);
                            s3 = Vector512.FusedMultiplyAdd(t3, weight, s3);
                        }
                    }

                    if (TRows.Masked)
                    {
                        StoreRowsUpTo(output + ((long)v * g.OutW), g.OutW, outputLast, vectors - v, s0, s1, s2, s3);
                    }
                    else
                    {
                        StoreUpTo(output + (v * Lanes), vectors - v, s0, s1, s2, s3);
                    }
                }
            }
        }
    }

    /// <summary>
    /// dx of input planes [first, end) (index n Cin + ci) (+)= the transposed stride-2 convolution of their output
    /// channels' dY: dx[ih, iw] = (dx, or zero when not <paramref name="accumulate"/>) + the chain from zero of w[co, t]
    /// dY[co, (ih + P - D kh) / 2, (iw + P - D kw) / 2] over the taps t of its phase (those with D kh = ih + P and
    /// D kw = iw + P modulo 2) in tap order, output channels of a plane one after the other.
    /// </summary>
    public static void BackwardData(Conv2dGeometry g, float* dy, float* w, float* dx, int first, int end, bool accumulate)
    {
        if (RowPairs(g))
        {
            BackwardData<PairsOf8>(g, dy, w, dx, first, end, accumulate);
        }
        else if (g.W == 2 * Lanes)
        {
            BackwardData<WholeRows>(g, dy, w, dx, first, end, accumulate);
        }
        else
        {
            BackwardData<MaskedRows>(g, dy, w, dx, first, end, accumulate);
        }
    }

    /// <summary><see cref="BackwardData(Conv2dGeometry, float*, float*, float*, int, int, bool)"/> for one kind of row, compiled apart.</summary>
    private static void BackwardData<TRows>(Conv2dGeometry g, float* dy, float* w, float* dx, int first, int end, bool accumulate)
        where TRows : struct, IRowKind
    {
        var taps = g.KH * g.KW;
        var columnsSpace = stackalloc int[(g.KW * Lanes) + (CacheLineAlignment.Slack / sizeof(int))];
        var columns = CacheLineAlignment.Up(columnsSpace);
        var odd = stackalloc bool[g.KW];
        var shifted = stackalloc bool[g.KW];
        for (var kw = 0; kw < g.KW; kw++)
        {
            (odd[kw], shifted[kw]) = GradientColumnTable(g, g.Padding - (kw * g.Dilation), columns + (kw * Lanes));
        }

        // Rows of one parity, four vectors at a time: a vector is one dx row's even (or odd) columns when rows are 32
        // wide (rows s, s + 2, s + 4, ... reading dY rows oh, oh + 1, ... under a tap), or those of two rows ih and ih + 2
        // when rows are 16 wide (rows s, s + 4, ... with s + 2, s + 6, ...; dY rows oh and oh + 1 under a tap).
        var wide = !TRows.Pairs;
        var rowStep = wide ? 2 : 4;
        var vectors = g.H / rowStep;
        var (inputLast, outputLast) = (LastLanes(g.W), LastLanes(g.OutW));
        var zero = Vector512<float>.Zero;
        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var target = dx + ((long)plane * g.InPlane);
            if (TRows.Masked && plane + 1 < g.N * g.Cin && Sse.IsSupported)
            {
                PrefetchNextPlane(dy + ((long)(plane + 1) * g.OutPerGroup * g.OutPlane), g.OutPerGroup * g.OutPlane, target + g.InPlane, g.InPlane);
            }

            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var weights = w + ((long)co * taps);
                var gradient = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                var add = accumulate || j > 0;
                for (var parity = 0; parity < 2; parity++)
                {
                    for (var v = 0; v < vectors; v += 4)
                    {
                        var row = parity + (rowStep * v);
                        var (e0, e1, e2, e3) = (zero, zero, zero, zero);
                        var (o0, o1, o2, o3) = (zero, zero, zero, zero);
                        for (var kh = 0; kh < g.KH; kh++)
                        {
                            var lifted = row + g.Padding - (kh * g.Dilation);
                            if ((lifted & 1) != 0)
                            {
                                continue;
                            }

                            // dY rows of the four vectors: oh, oh + 1, ... (32 wide) or oh, oh + 2, ... (pairs of 16-wide rows).
                            var (oh, ohStep) = (lifted >> 1, rowStep / 2);
                            var g0 = GradientRows<TRows>(gradient, oh, g, outputLast);
                            var g1 = GradientRows<TRows>(gradient, oh + ohStep, g, outputLast);
                            var g2 = GradientRows<TRows>(gradient, oh + (2 * ohStep), g, outputLast);
                            var g3 = GradientRows<TRows>(gradient, oh + (3 * ohStep), g, outputLast);
                            var tapWeights = weights + (kh * g.KW);
                            for (var kw = 0; kw < g.KW; kw++)
                            {
                                var (t0, t1, t2, t3) = (g0, g1, g2, g3);
                                if (shifted[kw])
                                {
                                    var index = Vector512.Load(columns + (kw * Lanes));
                                    (t0, t1) = (Avx512F.PermuteVar16x32x2(t0, index, zero), Avx512F.PermuteVar16x32x2(t1, index, zero));
                                    (t2, t3) = (Avx512F.PermuteVar16x32x2(t2, index, zero), Avx512F.PermuteVar16x32x2(t3, index, zero));
                                }

                                var weight = Vector512.Create(tapWeights[kw]);
                                if (odd[kw])
                                {
                                    (o0, o1) = (Vector512.FusedMultiplyAdd(t0, weight, o0), Vector512.FusedMultiplyAdd(t1, weight, o1));
                                    (o2, o3) = (Vector512.FusedMultiplyAdd(t2, weight, o2), Vector512.FusedMultiplyAdd(t3, weight, o3));
                                }
                                else
                                {
                                    (e0, e1) = (Vector512.FusedMultiplyAdd(t0, weight, e0), Vector512.FusedMultiplyAdd(t1, weight, e1));
                                    (e2, e3) = (Vector512.FusedMultiplyAdd(t2, weight, e2), Vector512.FusedMultiplyAdd(t3, weight, e3));
                                }
                            }
                        }

                        var count = vectors - v;
                        if (TRows.Masked)
                        {
                            // Rows that are not whole vectors: every row of dx read before any is written (a load
                            // overlapping a masked store still in flight waits for it).
                            AddColumnsMasked(target, row, rowStep, g.W, inputLast, add, count, e0, o0, e1, o1, e2, o2, e3, o3);
                            continue;
                        }

                        AddColumns(target, row, g.W, wide, add, e0, o0);
                        if (count > 1)
                        {
                            AddColumns(target, row + rowStep, g.W, wide, add, e1, o1);
                        }

                        if (count > 2)
                        {
                            AddColumns(target, row + (2 * rowStep), g.W, wide, add, e2, o2);
                        }

                        if (count > 3)
                        {
                            AddColumns(target, row + (3 * rowStep), g.W, wide, add, e3, o3);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Asks for the next plane's lines (what it reads and what it writes, which is read first) on rows that are not
    /// whole vectors (28 and 14 wide inputs: planes of 28 x 28 images): they are read and written under masks, and
    /// masked accesses that miss the caches are several times slower than plain ones on AMD's Zen 5 (as in
    /// <see cref="DepthwiseStrideOneRows"/>); from memory the 14 x 14 inputs' forward ran at a quarter of its speed
    /// from the caches (session 34, one thread, `--cold 256`). Changes no value.
    /// </summary>
    private static void PrefetchNextPlane(float* reads, int readFloats, float* writes, int writeFloats)
    {
        PlanePrefetch.Planes(reads, 0, 1, readFloats);
        PlanePrefetch.Planes(writes, 0, 1, writeFloats);
    }

    /// <summary>
    /// Interleaves the even and odd dx columns back and adds them to dx (to zero when not <paramref name="add"/>): one
    /// row of 32 at <paramref name="row"/>, or the rows <paramref name="row"/> and row + 2 of 16.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumns(float* plane, int row, int width, bool wide, bool add, Vector512<float> even, Vector512<float> odd)
    {
        var first16 = Avx512F.PermuteVar16x32x2(even, ZipLow, odd);
        var second16 = Avx512F.PermuteVar16x32x2(even, ZipHigh, odd);
        var at = plane + ((long)row * width);
        var next = wide ? at + Lanes : at + (2 * width);
        (add ? Vector512.Load(at) + first16 : Vector512<float>.Zero + first16).Store(at);
        (add ? Vector512.Load(next) + second16 : Vector512<float>.Zero + second16).Store(next);
    }

    /// <summary>
    /// Rows of <paramref name="width"/> dx columns (fewer than 32, one row a pair of vectors): the even and odd columns
    /// of up to four rows <paramref name="rowStep"/> apart interleaved back and added to dx (to zero when not
    /// <paramref name="add"/>), the last vector of a row under <paramref name="last"/>; all rows read first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumnsMasked(float* plane, int row, int rowStep, int width, Vector512<float> last, bool add, int count, Vector512<float> e0, Vector512<float> o0, Vector512<float> e1, Vector512<float> o1, Vector512<float> e2, Vector512<float> o2, Vector512<float> e3, Vector512<float> o3)
    {
        var at0 = plane + ((long)row * width);
        var step = (long)rowStep * width;
        var (l0, h0) = Interleaved(e0, o0, at0, width, last, add, true);
        var (l1, h1) = Interleaved(e1, o1, at0 + step, width, last, add, count > 1);
        var (l2, h2) = Interleaved(e2, o2, at0 + (2 * step), width, last, add, count > 2);
        var (l3, h3) = Interleaved(e3, o3, at0 + (3 * step), width, last, add, count > 3);
        WriteRow(at0, width, last, l0, h0);
        if (count > 1)
        {
            WriteRow(at0 + step, width, last, l1, h1);
        }

        if (count > 2)
        {
            WriteRow(at0 + (2 * step), width, last, l2, h2);
        }

        if (count > 3)
        {
            WriteRow(at0 + (3 * step), width, last, l3, h3);
        }
    }

    /// <summary>
    /// A dx row's columns, even and odd interleaved back, plus the row as it is when <paramref name="add"/> (else plus
    /// zero, as <see cref="AddColumns"/>); nothing is read for a row past the plane (<paramref name="inside"/> false).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Low, Vector512<float> High) Interleaved(Vector512<float> even, Vector512<float> odd, float* at, int width, Vector512<float> last, bool add, bool inside)
    {
        var low = Avx512F.PermuteVar16x32x2(even, ZipLow, odd);
        var high = Avx512F.PermuteVar16x32x2(even, ZipHigh, odd);
        if (!add || !inside)
        {
            return (Vector512<float>.Zero + low, Vector512<float>.Zero + high);
        }

        return width > Lanes
            ? (Vector512.Load(at) + low, Avx512F.MaskLoad(at + Lanes, last, Vector512<float>.Zero) + high)
            : (Avx512F.MaskLoad(at, last, Vector512<float>.Zero) + low, high);
    }

    /// <summary>A dx row of fewer than 32 columns: its first vector, and the second under <paramref name="last"/> (or the only one under it, for rows of up to 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteRow(float* at, int width, Vector512<float> last, Vector512<float> low, Vector512<float> high)
    {
        if (width > Lanes)
        {
            low.Store(at);
            Avx512F.MaskStore(at + Lanes, last, high);
        }
        else
        {
            Avx512F.MaskStore(at, last, low);
        }
    }

    /// <summary>Up to four output rows of <paramref name="width"/> (fewer than 16) from <paramref name="at"/>, each under <paramref name="last"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRowsUpTo(float* at, int width, Vector512<float> last, int count, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        Avx512F.MaskStore(at, last, s0);
        if (count > 1)
        {
            Avx512F.MaskStore(at + width, last, s1);
        }

        if (count > 2)
        {
            Avx512F.MaskStore(at + (2 * width), last, s2);
        }

        if (count > 3)
        {
            Avx512F.MaskStore(at + (3 * width), last, s3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreUpTo(float* at, int count, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        s0.Store(at);
        if (count > 1)
        {
            s1.Store(at + Lanes);
        }

        if (count > 2)
        {
            s2.Store(at + (2 * Lanes));
        }

        if (count > 3)
        {
            s3.Store(at + (3 * Lanes));
        }
    }

    /// <summary>
    /// The even and odd columns of input row <paramref name="row"/> (up to 32 wide; the lanes past a row that is not
    /// whole vectors, under <paramref name="last"/>, read as zeros), or of rows row and row + 2 (16 wide), zeros outside
    /// the plane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Even, Vector512<float> Odd) SplitRow<TRows>(float* plane, int row, Conv2dGeometry g, Vector512<float> last)
        where TRows : struct, IRowKind
    {
        if (TRows.Pairs)
        {
            return SplitColumns(RowOrZero(plane, row, g.H, g.W, 0), RowOrZero(plane, row + 2, g.H, g.W, 0));
        }

        if (!TRows.Masked)
        {
            return SplitColumns(RowOrZero(plane, row, g.H, g.W, 0), RowOrZero(plane, row, g.H, g.W, Lanes));
        }

        if ((uint)row >= (uint)g.H)
        {
            return (Vector512<float>.Zero, Vector512<float>.Zero);
        }

        var at = plane + ((long)row * g.W);
        return g.W > Lanes
            ? SplitColumns(Vector512.Load(at), Avx512F.MaskLoad(at + Lanes, last, Vector512<float>.Zero))
            : SplitColumns(Avx512F.MaskLoad(at, last, Vector512<float>.Zero), Vector512<float>.Zero);
    }

    /// <summary>dY row <paramref name="oh"/> (16 wide, or narrower under <paramref name="last"/>), or rows oh and oh + 1 (8 wide), zeros outside the plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> GradientRows<TRows>(float* plane, int oh, Conv2dGeometry g, Vector512<float> last)
        where TRows : struct, IRowKind =>
        TRows.Pairs ? GradientRowPair(plane, oh, g.OutH)
        : !TRows.Masked ? GradientRow(plane, oh, g.OutH, Lanes)
        : (uint)oh < (uint)g.OutH ? Avx512F.MaskLoad(plane + ((long)oh * g.OutW), last, Vector512<float>.Zero) : Vector512<float>.Zero;

    /// <summary>
    /// For a tap of column offset <paramref name="offset"/> (D kw - P): which column phase it reads (odd columns when
    /// the offset is odd) and, per lane, where in that phase's vector (lane 16, the zero vector, in the padding);
    /// whether that differs from the identity (then the tap costs a permute).
    /// </summary>
    private static (bool Odd, bool Shifted) ColumnTable(Conv2dGeometry g, int offset, int* table)
    {
        var shifted = false;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var (half, ow) = RowPairs(g) ? Math.DivRem(lane, g.OutW) : (0, lane);
            var column = (2 * ow) + offset;
            table[lane] = ow < g.OutW && column >= 0 && column < g.W ? (half * g.OutW) + (column >> 1) : Lanes;
            shifted |= table[lane] != lane;
        }

        return ((offset & 1) != 0, shifted);
    }

    /// <summary>
    /// For the input gradient, a tap with P - D kw = <paramref name="lift"/>: lane (half, j) of the even (or odd) dx
    /// columns reads dY column j + floor(lift / 2) (of the half's row), lane 16 (zero) outside dY.
    /// </summary>
    private static (bool Odd, bool Shifted) GradientColumnTable(Conv2dGeometry g, int lift, int* table)
    {
        var shifted = false;
        // The dx columns this tap feeds have iw + lift even: iw = 2 j + (lift & 1), reading dY column j + (lift >> 1) ... + 1
        // for odd lifts: (2 j + 1 + lift) / 2 = j + (lift + 1) / 2.
        var parity = lift & 1;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var (half, j) = RowPairs(g) ? Math.DivRem(lane, g.OutW) : (0, lane);
            var column = j + ((parity + lift) >> 1);
            table[lane] = j < g.OutW && column >= 0 && column < g.OutW ? (half * g.OutW) + column : Lanes;
            shifted |= table[lane] != lane;
        }

        return (parity != 0, shifted);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> RowOrZero(float* plane, int row, int height, int width, int offset) =>
        (uint)row < (uint)height ? Vector512.Load(plane + ((long)row * width) + offset) : Vector512<float>.Zero;

    /// <summary>dY row <paramref name="oh"/> (16 wide), zero outside the plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> GradientRow(float* plane, int oh, int height, int width) =>
        (uint)oh < (uint)height ? Vector512.Load(plane + ((long)oh * width)) : Vector512<float>.Zero;

    /// <summary>
    /// dY rows <paramref name="oh"/> and oh + 1 (8 wide each, adjacent in memory), each zero outside the plane: at the
    /// plane's first and last rows one load under a mask of the rows inside (masked-off lanes are not read, so the row
    /// before the plane is never touched). Joining two 256-bit halves instead made the JIT keep each of the four dY
    /// vectors in a stack slot across the kernel rows, read and written back every row whether or not the plane's
    /// border was reached; 64-byte slots split cache lines or not depending on where the process's stack fell: the
    /// kernel ran at 13, 20 or 27 GFLOP/s (32 ch 16 x 16) from one process to the next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> GradientRowPair(float* plane, int oh, int height)
    {
        var at = plane + ((long)oh * 8);
        if (oh >= 0 && oh + 1 < height)
        {
            return Vector512.Load(at);
        }

        var rows = Vector512.Create(oh) + Vector512.Create(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
        var inside = Vector512.LessThan(rows.AsUInt32(), Vector512.Create((uint)height));
        return Avx512F.MaskLoad(at, inside.AsSingle(), Vector512<float>.Zero);
    }

    /// <summary>The even and the odd lanes of the 32 lanes of (a, b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Even, Vector512<float> Odd) SplitColumns(Vector512<float> a, Vector512<float> b) =>
        (Avx512F.PermuteVar16x32x2(a, EvenLanes, b), Avx512F.PermuteVar16x32x2(a, OddLanes, b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> TapColumns(Vector512<float> phase, bool shifted, int* table) =>
        shifted ? Avx512F.PermuteVar16x32x2(phase, Vector512.Load(table), Vector512<float>.Zero) : phase;

    /// <summary>
    /// Which rows a block reads, as a type, so that each kind compiles to its own loops: rows of 32 (one output row of
    /// 16 a vector), rows of 16 (two output rows of 8 a vector), or rows of an even 10-30 (one output row a vector,
    /// the row's last vector under a mask).
    /// </summary>
    private interface IRowKind
    {
        static abstract bool Pairs { get; }

        static abstract bool Masked { get; }
    }

    private readonly struct WholeRows : IRowKind
    {
        public static bool Pairs => false;

        public static bool Masked => false;
    }

    private readonly struct PairsOf8 : IRowKind
    {
        public static bool Pairs => true;

        public static bool Masked => false;
    }

    private readonly struct MaskedRows : IRowKind
    {
        public static bool Pairs => false;

        public static bool Masked => true;
    }

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
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise convolution and its input gradient at stride 1 with "same" padding on rows of up to 32 (DARTS's
/// separable and dilated convolutions on 32 x 32 and 16 x 16 planes, 3 x 3 and 5 x 5, dilation 1 or 2, and on the
/// 28 x 28, 14 x 14 and 7 x 7 planes of Fashion-MNIST images; a ShuffleNetV2 block's stride-1 depthwise convolutions on
/// 16 x 16), in registers and without staging the plane. Eight 16-lane accumulators hold a block of output rows (four
/// rows of 17-32, or eight rows of 5-16; a row that is not whole vectors is read under a mask of its lanes, the lanes
/// past it reading as zeros, the padding the taps need, and written under the same mask). For each kernel row the block's
/// source rows are loaded once; each kernel column then shifts them by one two-source permute per vector (zeros where
/// a column falls in the padding, none for the centre column) and adds its tap to all eight accumulators: eight
/// independent chains of multiply-adds from aligned loads, where the staged path (<see cref="DepthwiseTaps.Correlate"/>)
/// first copies the plane into a padded buffer and then runs four chains of 8-lane loads at every tap's offset.
/// <para>
/// The arithmetic is that path's, lane for lane: a forward output is the bias (zero without one), then one fused
/// multiply-add per tap in tap order (kernel row by kernel row, each row's columns in order), padding taps included
/// (they add w x 0); an input-gradient position is dx (or zero when not accumulating), then one fused multiply-add per
/// tap in tap order over dY at (ih + P - D kh, iw + P - D kw), zeros outside dY; on rows that are not whole 8-lane
/// chunks the staged path chains from zero and adds the sum to dx, and so does this one.
/// </para>
/// </summary>
internal static unsafe class DepthwiseStrideOneRows
{
    private const int Lanes = 16;

    // Output rows per block: eight independent chains of multiply-adds either way.
    private const int WideRows = 4;
    private const int NarrowRows = 8;

    /// <summary>
    /// Whether <see cref="Forward"/> and <see cref="BackwardData"/> take <paramref name="g"/>: depthwise, stride 1, rows
    /// of 5 to 32 except 8 (two rows a vector: <see cref="DepthwiseRowPairs"/>), output the size of the input (padding
    /// D (K - 1) / 2), at most 64 taps, 512-bit permutes.
    /// </summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.IsSupported && g.IsDepthwise && g.Stride == 1 && g.W > 4 && g.W <= 2 * Lanes && g.W != Lanes / 2 &&
        g.OutW == g.W && g.OutH == g.H && g.KH * g.KW <= 64 && g.Padding <= Lanes;

    /// <summary>
    /// Output planes of input planes [first, end) (index n Cin + ci): y[co, oh, ow] chains w[co, t] x[oh - P + D kh,
    /// ow - P + D kw] over the taps t = (kh, kw) in order, from bias[co] (zero without a bias), zeros in the padding.
    /// </summary>
    public static void Forward(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
    {
        var columnsSpace = stackalloc int[(g.KW * Lanes) + (CacheLineAlignment.Slack / sizeof(int))];
        var columns = CacheLineAlignment.Up(columnsSpace);
        var shifts = stackalloc int[g.KW];
        for (var kw = 0; kw < g.KW; kw++)
        {
            shifts[kw] = ColumnTable((kw * g.Dilation) - g.Padding, g.W > Lanes, columns + (kw * Lanes));
        }

        var kernel = new Kernel(g.KH, g.KW, columns, shifts, g.W);
        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var input = x + ((long)plane * g.InPlane);
            if (PrefetchesNextPlane(g, plane))
            {
                PlanePrefetch.Planes(input + g.InPlane, 0, 1, g.InPlane);
                PlanePrefetch.Planes(y + ((long)(plane + 1) * g.OutPerGroup * g.OutPlane), 0, 1, g.OutPerGroup * g.OutPlane);
            }

            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var start = bias == null ? 0f : bias[co];
                var output = y + ((((long)n * g.Cout) + co) * g.OutPlane);
                var weights = w + ((long)co * g.KH * g.KW);
                Rows(kernel, input, output, g.H, g.W, weights, start, Start.Value, -g.Padding, g.Dilation);
            }
        }
    }

    /// <summary>
    /// dx of input planes [first, end) (index n Cin + ci) (+)= the transposed convolution of their output channels' dY:
    /// dx[ih, iw] = (dx, or zero when not <paramref name="accumulate"/>) chained with w[co, t] dY[ih + P - D kh, iw + P -
    /// D kw] over the taps t in order, zeros outside dY, output channels of a plane one after the other.
    /// </summary>
    public static void BackwardData(Conv2dGeometry g, float* dy, float* w, float* dx, int first, int end, bool accumulate)
    {
        var columnsSpace = stackalloc int[(g.KW * Lanes) + (CacheLineAlignment.Slack / sizeof(int))];
        var columns = CacheLineAlignment.Up(columnsSpace);
        var shifts = stackalloc int[g.KW];
        for (var kw = 0; kw < g.KW; kw++)
        {
            shifts[kw] = ColumnTable(g.Padding - (kw * g.Dilation), g.W > Lanes, columns + (kw * Lanes));
        }

        var kernel = new Kernel(g.KH, g.KW, columns, shifts, g.W);
        // Rows of whole 8-lane chunks chain on from dx, narrower ones chain from zero and add the sum (as the staged path).
        var onto = g.W % DepthwisePlan.Lanes == 0 ? Start.Output : Start.ZeroThenAdd;
        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var target = dx + ((long)plane * g.InPlane);
            if (PrefetchesNextPlane(g, plane))
            {
                PlanePrefetch.Planes(dy + ((long)(plane + 1) * g.OutPerGroup * g.OutPlane), 0, 1, g.OutPerGroup * g.OutPlane);
                PlanePrefetch.Planes(target + g.InPlane, 0, 1, g.InPlane);
            }

            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var gradient = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                var weights = w + ((long)co * g.KH * g.KW);
                Rows(kernel, gradient, target, g.H, g.W, weights, 0f, accumulate || j > 0 ? onto : Start.Value, g.Padding, -g.Dilation);
            }
        }
    }

    /// <summary>
    /// Whether a plane of rows narrower than a 512-bit vector (14 and 7 wide: planes of 28 x 28 images) asks for the
    /// next plane's lines (source and output, both read) before it is computed: each row is read and written under a
    /// mask, and masked accesses that miss the caches are several times slower than plain ones on AMD's Zen 5 (as in
    /// <see cref="AveragePooling"/>): from memory the 14 x 14 forward ran at a third of its speed from the caches in the
    /// kernel driver (session 34, one thread, `--cold 256`). Rows of 17-31 (28 x 28) lost 0.85x with it: a whole vector
    /// and a masked one per row, and the hardware follows their 3 KB planes. Planes of the whole tensor (n Cin + ci),
    /// so a block's last plane asks for the next block's first. Changes no value.
    /// </summary>
    private static bool PrefetchesNextPlane(Conv2dGeometry g, int plane) => g.W < Lanes && plane + 1 < g.N * g.Cin && Sse.IsSupported;

    /// <summary>How a block's accumulators start and end: from the value given, from the output (chaining on from it), or from the value given with the output added at the end.</summary>
    private enum Start
    {
        Value,
        Output,
        ZeroThenAdd,
    }

    /// <summary>
    /// Every block of output rows of one plane: output row r's tap row kh reads source row r + <paramref name="rowBase"/>
    /// + kh <paramref name="rowStep"/> (r - P + D kh forward, r + P - D kh for the gradient).
    /// </summary>
    private static void Rows(in Kernel k, float* source, float* output, int height, int width, float* weights, float start, Start from, int rowBase, int rowStep)
    {
        switch (width)
        {
            case 2 * Lanes:
                Rows<WholeRowsOf32>(k, source, output, height, width, weights, start, from, rowBase, rowStep);
                break;
            case Lanes:
                Rows<WholeRowsOf16>(k, source, output, height, width, weights, start, from, rowBase, rowStep);
                break;
            default:
                Rows<MaskedEnd>(k, source, output, height, width, weights, start, from, rowBase, rowStep);
                break;
        }
    }

    /// <summary><see cref="Rows"/> for one kind of row end: blocks of four rows of 17-32, or eight rows of up to 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows<TEnd>(in Kernel k, float* source, float* output, int height, int width, float* weights, float start, Start from, int rowBase, int rowStep)
        where TEnd : struct, IRowEnd
    {
        width = TEnd.Width(width);
        var wide = width > Lanes;
        var rows = wide ? WideRows : NarrowRows;
        for (var r0 = 0; r0 < height; r0 += rows)
        {
            var block = new Block(source, height, width, r0 + rowBase, rowStep, output + ((long)r0 * width), height - r0);
            if (wide)
            {
                WideBlock<TEnd>(k, block, weights, start, from);
            }
            else
            {
                NarrowBlock<TEnd>(k, block, weights, start, from);
            }
        }
    }

    /// <summary>
    /// Four output rows of 17-32 (two vectors each; rows past the plane are computed and dropped). For each kernel row
    /// the block's four source rows are loaded once, then each kernel column shifts them (a permute per vector, none for
    /// the centre column) and adds its tap to all four.
    /// </summary>
    private static void WideBlock<TEnd>(in Kernel k, in Block b, float* weights, float start, Start from)
        where TEnd : struct, IRowEnd
    {
        var (width, last, first) = (TEnd.Width(b.Width), k.Last, Vector512.Create(start));
        var (a0, a1, a2, a3, a4, a5, a6, a7) = (first, first, first, first, first, first, first, first);
        if (from == Start.Output)
        {
            (a0, a1) = (RowOrZero(b.Output, 0, b.Rows, width), EndOrZero<TEnd>(b.Output, 0, b.Rows, width, Lanes, last));
            (a2, a3) = (RowOrZero(b.Output, 1, b.Rows, width), EndOrZero<TEnd>(b.Output, 1, b.Rows, width, Lanes, last));
            (a4, a5) = (RowOrZero(b.Output, 2, b.Rows, width), EndOrZero<TEnd>(b.Output, 2, b.Rows, width, Lanes, last));
            (a6, a7) = (RowOrZero(b.Output, 3, b.Rows, width), EndOrZero<TEnd>(b.Output, 3, b.Rows, width, Lanes, last));
        }

        var zero = Vector512<float>.Zero;
        for (var kh = 0; kh < k.KH; kh++)
        {
            var row = b.FirstSource + (kh * b.RowStep);
            var (l0, h0) = (RowOrZero(b.Source, row, b.Height, width), EndOrZero<TEnd>(b.Source, row, b.Height, width, Lanes, last));
            var (l1, h1) = (RowOrZero(b.Source, row + 1, b.Height, width), EndOrZero<TEnd>(b.Source, row + 1, b.Height, width, Lanes, last));
            var (l2, h2) = (RowOrZero(b.Source, row + 2, b.Height, width), EndOrZero<TEnd>(b.Source, row + 2, b.Height, width, Lanes, last));
            var (l3, h3) = (RowOrZero(b.Source, row + 3, b.Height, width), EndOrZero<TEnd>(b.Source, row + 3, b.Height, width, Lanes, last));
            var tapWeights = weights + (kh * k.KW);
            for (var kw = 0; kw < k.KW; kw++)
            {
                var weight = Vector512.Create(tapWeights[kw]);
                var shift = k.Shifts[kw];
                if (shift == 0)
                {
                    (a0, a1) = (Vector512.FusedMultiplyAdd(l0, weight, a0), Vector512.FusedMultiplyAdd(h0, weight, a1));
                    (a2, a3) = (Vector512.FusedMultiplyAdd(l1, weight, a2), Vector512.FusedMultiplyAdd(h1, weight, a3));
                    (a4, a5) = (Vector512.FusedMultiplyAdd(l2, weight, a4), Vector512.FusedMultiplyAdd(h2, weight, a5));
                    (a6, a7) = (Vector512.FusedMultiplyAdd(l3, weight, a6), Vector512.FusedMultiplyAdd(h3, weight, a7));
                    continue;
                }

                var index = Vector512.Load(k.Columns + (kw * Lanes));
                if (shift > 0)
                {
                    // Columns to the right: the low half reads on into the high half, the high half into zeros.
                    (a0, a1) = (Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(l0, index, h0), weight, a0), Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(h0, index, zero), weight, a1));
                    (a2, a3) = (Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(l1, index, h1), weight, a2), Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(h1, index, zero), weight, a3));
                    (a4, a5) = (Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(l2, index, h2), weight, a4), Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(h2, index, zero), weight, a5));
                    (a6, a7) = (Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(l3, index, h3), weight, a6), Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(h3, index, zero), weight, a7));
                }
                else
                {
                    // Columns to the left: the low half reads zeros before it, the high half the low half's end.
                    (a0, a1) = (Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(zero, index, l0), weight, a0), Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(l0, index, h0), weight, a1));
                    (a2, a3) = (Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(zero, index, l1), weight, a2), Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(l1, index, h1), weight, a3));
                    (a4, a5) = (Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(zero, index, l2), weight, a4), Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(l2, index, h2), weight, a5));
                    (a6, a7) = (Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(zero, index, l3), weight, a6), Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(l3, index, h3), weight, a7));
                }
            }
        }

        if (TEnd.Masked && from == Start.ZeroThenAdd)
        {
            // Every row read before any is written: a load overlapping a masked store still in flight waits for it.
            (a0, a1) = (a0 + RowOrZero(b.Output, 0, b.Rows, width), a1 + EndOrZero<TEnd>(b.Output, 0, b.Rows, width, Lanes, last));
            (a2, a3) = (a2 + RowOrZero(b.Output, 1, b.Rows, width), a3 + EndOrZero<TEnd>(b.Output, 1, b.Rows, width, Lanes, last));
            (a4, a5) = (a4 + RowOrZero(b.Output, 2, b.Rows, width), a5 + EndOrZero<TEnd>(b.Output, 2, b.Rows, width, Lanes, last));
            (a6, a7) = (a6 + RowOrZero(b.Output, 3, b.Rows, width), a7 + EndOrZero<TEnd>(b.Output, 3, b.Rows, width, Lanes, last));
        }

        StoreRow<TEnd>(b, last, 0, a0, a1);
        StoreRow<TEnd>(b, last, 1, a2, a3);
        StoreRow<TEnd>(b, last, 2, a4, a5);
        StoreRow<TEnd>(b, last, 3, a6, a7);
    }

    /// <summary>Eight output rows of 5-16 (rows past the plane are computed and dropped), kernel row by kernel row as <see cref="WideBlock"/>.</summary>
    private static void NarrowBlock<TEnd>(in Kernel k, in Block b, float* weights, float start, Start from)
        where TEnd : struct, IRowEnd
    {
        var (width, last, first) = (TEnd.Width(b.Width), k.Last, Vector512.Create(start));
        var (a0, a1, a2, a3, a4, a5, a6, a7) = (first, first, first, first, first, first, first, first);
        if (from == Start.Output)
        {
            (a0, a1, a2, a3) = (EndOrZero<TEnd>(b.Output, 0, b.Rows, width, 0, last), EndOrZero<TEnd>(b.Output, 1, b.Rows, width, 0, last), EndOrZero<TEnd>(b.Output, 2, b.Rows, width, 0, last), EndOrZero<TEnd>(b.Output, 3, b.Rows, width, 0, last));
            (a4, a5, a6, a7) = (EndOrZero<TEnd>(b.Output, 4, b.Rows, width, 0, last), EndOrZero<TEnd>(b.Output, 5, b.Rows, width, 0, last), EndOrZero<TEnd>(b.Output, 6, b.Rows, width, 0, last), EndOrZero<TEnd>(b.Output, 7, b.Rows, width, 0, last));
        }

        var zero = Vector512<float>.Zero;
        for (var kh = 0; kh < k.KH; kh++)
        {
            var row = b.FirstSource + (kh * b.RowStep);
            var (r0, r1, r2, r3) = (EndOrZero<TEnd>(b.Source, row, b.Height, width, 0, last), EndOrZero<TEnd>(b.Source, row + 1, b.Height, width, 0, last), EndOrZero<TEnd>(b.Source, row + 2, b.Height, width, 0, last), EndOrZero<TEnd>(b.Source, row + 3, b.Height, width, 0, last));
            var (r4, r5, r6, r7) = (EndOrZero<TEnd>(b.Source, row + 4, b.Height, width, 0, last), EndOrZero<TEnd>(b.Source, row + 5, b.Height, width, 0, last), EndOrZero<TEnd>(b.Source, row + 6, b.Height, width, 0, last), EndOrZero<TEnd>(b.Source, row + 7, b.Height, width, 0, last));
            var tapWeights = weights + (kh * k.KW);
            for (var kw = 0; kw < k.KW; kw++)
            {
                var weight = Vector512.Create(tapWeights[kw]);
                var shift = k.Shifts[kw];
                if (shift == 0)
                {
                    (a0, a1, a2, a3) = (Vector512.FusedMultiplyAdd(r0, weight, a0), Vector512.FusedMultiplyAdd(r1, weight, a1), Vector512.FusedMultiplyAdd(r2, weight, a2), Vector512.FusedMultiplyAdd(r3, weight, a3));
                    (a4, a5, a6, a7) = (Vector512.FusedMultiplyAdd(r4, weight, a4), Vector512.FusedMultiplyAdd(r5, weight, a5), Vector512.FusedMultiplyAdd(r6, weight, a6), Vector512.FusedMultiplyAdd(r7, weight, a7));
                    continue;
                }

                // The table's lanes past either end of the row read the zero vector (or the zero lanes past a masked row).
                var index = Vector512.Load(k.Columns + (kw * Lanes));
                a0 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(r0, index, zero), weight, a0);
                a1 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(r1, index, zero), weight, a1);
                a2 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(r2, index, zero), weight, a2);
                a3 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(r3, index, zero), weight, a3);
                a4 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(r4, index, zero), weight, a4);
                a5 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(r5, index, zero), weight, a5);
                a6 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(r6, index, zero), weight, a6);
                a7 = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(r7, index, zero), weight, a7);
            }
        }

        if (TEnd.Masked && from == Start.ZeroThenAdd)
        {
            // Every row read before any is written, as in WideBlock.
            (a0, a1, a2, a3) = (a0 + EndOrZero<TEnd>(b.Output, 0, b.Rows, width, 0, last), a1 + EndOrZero<TEnd>(b.Output, 1, b.Rows, width, 0, last), a2 + EndOrZero<TEnd>(b.Output, 2, b.Rows, width, 0, last), a3 + EndOrZero<TEnd>(b.Output, 3, b.Rows, width, 0, last));
            (a4, a5, a6, a7) = (a4 + EndOrZero<TEnd>(b.Output, 4, b.Rows, width, 0, last), a5 + EndOrZero<TEnd>(b.Output, 5, b.Rows, width, 0, last), a6 + EndOrZero<TEnd>(b.Output, 6, b.Rows, width, 0, last), a7 + EndOrZero<TEnd>(b.Output, 7, b.Rows, width, 0, last));
        }

        StoreRow<TEnd>(b, last, 0, a0);
        StoreRow<TEnd>(b, last, 1, a1);
        StoreRow<TEnd>(b, last, 2, a2);
        StoreRow<TEnd>(b, last, 3, a3);
        StoreRow<TEnd>(b, last, 4, a4);
        StoreRow<TEnd>(b, last, 5, a5);
        StoreRow<TEnd>(b, last, 6, a6);
        StoreRow<TEnd>(b, last, 7, a7);
    }

    /// <summary>
    /// For a tap of column offset <paramref name="offset"/> (the output column reads the source column that far to its
    /// right), the permute lanes. Rows of 17-32 (<paramref name="wide"/>): over (row, next) for a positive offset or
    /// (previous, row) for a negative one, where previous / next are the other half of the row or zeros: lane c reads
    /// c + offset, or 16 + c + offset (the lanes past a masked row's end are zeros already). Rows of up to 16: over
    /// (row, zeros), lane c reading c + offset inside the vector and lane 16 (a zero) outside it. Returns the sign of the
    /// offset (0: the tap reads the row as loaded).
    /// </summary>
    private static int ColumnTable(int offset, bool wide, int* table)
    {
        for (var lane = 0; lane < Lanes; lane++)
        {
            var column = lane + offset;
            table[lane] = wide ? (offset > 0 ? column : Lanes + column) : ((uint)column < Lanes ? column : Lanes);
        }

        return Math.Sign(offset);
    }

    /// <summary>A row's first 16 floats (rows of 17-32: a whole vector), zeros for a row outside the plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> RowOrZero(float* plane, int row, int height, int width) =>
        (uint)row < (uint)height ? Vector512.Load(plane + ((long)row * width)) : Vector512<float>.Zero;

    /// <summary>A row's last vector, <paramref name="offset"/> floats in (its only one for rows of up to 16), zeros for a row outside the plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> EndOrZero<TEnd>(float* plane, int row, int height, int width, int offset, Vector512<float> last)
        where TEnd : struct, IRowEnd =>
        (uint)row < (uint)height ? TEnd.Load(plane + ((long)row * width) + offset, last) : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TEnd>(in Block b, Vector512<float> last, int row, Vector512<float> only)
        where TEnd : struct, IRowEnd
    {
        if (row < b.Rows)
        {
            TEnd.Store(b.Output + ((long)row * TEnd.Width(b.Width)), last, only);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TEnd>(in Block b, Vector512<float> last, int row, Vector512<float> low, Vector512<float> high)
        where TEnd : struct, IRowEnd
    {
        if (row < b.Rows)
        {
            var at = b.Output + ((long)row * TEnd.Width(b.Width));
            low.Store(at);
            TEnd.Store(at + Lanes, last, high);
        }
    }

    /// <summary>
    /// How a row's last vector is read and written: whole (rows of 16 and 32, their width a constant of the loops) or
    /// under the mask of the lanes it has.
    /// </summary>
    private interface IRowEnd
    {
        /// <summary>Whether the rows are not whole vectors (only those chain from zero and add the sum: <see cref="Start.ZeroThenAdd"/>).</summary>
        static abstract bool Masked { get; }

        /// <summary>The rows' width: the block's, or the constant one of whole-vector rows.</summary>
        static abstract int Width(int width);

        static abstract Vector512<float> Load(float* at, Vector512<float> mask);

        static abstract void Store(float* at, Vector512<float> mask, Vector512<float> value);
    }

    private readonly struct WholeRowsOf32 : IRowEnd
    {
        public static bool Masked => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Width(int width) => 2 * Lanes;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(float* at, Vector512<float> mask) => Vector512.Load(at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(float* at, Vector512<float> mask, Vector512<float> value) => value.Store(at);
    }

    private readonly struct WholeRowsOf16 : IRowEnd
    {
        public static bool Masked => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Width(int width) => Lanes;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(float* at, Vector512<float> mask) => Vector512.Load(at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(float* at, Vector512<float> mask, Vector512<float> value) => value.Store(at);
    }

    private readonly struct MaskedEnd : IRowEnd
    {
        public static bool Masked => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Width(int width) => width;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(float* at, Vector512<float> mask) => Avx512F.MaskLoad(at, mask, Vector512<float>.Zero);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(float* at, Vector512<float> mask, Vector512<float> value) => Avx512F.MaskStore(at, mask, value);
    }

    /// <summary>
    /// The kernel's shape, its column tables (<see cref="ColumnTable"/>, one per kernel column) and the mask of the lanes
    /// a row's last vector has (all of them for rows of 16 and 32; the others read as zeros and are not written).
    /// </summary>
    private readonly struct Kernel(int kh, int kw, int* columns, int* shifts, int width)
    {
        public int KH { get; } = kh;

        public int KW { get; } = kw;

        public int* Columns { get; } = columns;

        public int* Shifts { get; } = shifts;

        private readonly int lastLanes = ((width - 1) % Lanes) + 1;

        /// <summary>
        /// The lanes of a row's last vector inside the row, made where it is used: a mask kept in this struct lived in
        /// the caller's frame, and a 64-byte read there split a cache line or not depending on where the process's stack
        /// fell (as did a 64-byte start value passed on the stack: blocks take the scalar).
        /// </summary>
        public Vector512<float> Last => Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(lastLanes)).AsSingle();
    }

    /// <summary>
    /// One block: the source plane (<paramref name="height"/> rows of <paramref name="width"/>), the source row of the
    /// block's first output row at kernel row 0 and the step per kernel row, the block's first output row with the
    /// plane's rows from there on.
    /// </summary>
    private readonly struct Block(float* source, int height, int width, int firstSource, int rowStep, float* output, int rows)
    {
        public float* Source { get; } = source;

        public int Height { get; } = height;

        public int Width { get; } = width;

        public int FirstSource { get; } = firstSource;

        public int RowStep { get; } = rowStep;

        public float* Output { get; } = output;

        public int Rows { get; } = rows;
    }
}

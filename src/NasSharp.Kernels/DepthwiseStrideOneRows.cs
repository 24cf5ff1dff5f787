using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise convolution and its input gradient at stride 1 with "same" padding on rows of 32 or 16 (DARTS's
/// separable and dilated convolutions on 32 x 32 and 16 x 16 planes, 3 x 3 and 5 x 5, dilation 1 or 2; a ShuffleNetV2
/// block's stride-1 depthwise convolutions on 16 x 16), in registers and without staging the plane. Eight 16-lane
/// accumulators hold a block of output rows (four rows of 32, or eight rows of 16). For each kernel row the block's
/// source rows are loaded once; each kernel column then shifts them by one two-source permute per vector (zeros where
/// a column falls in the padding, none for the centre column) and adds its tap to all eight accumulators: eight
/// independent chains of multiply-adds from aligned loads, where the staged path (<see cref="DepthwiseTaps.Correlate"/>)
/// first copies the plane into a padded buffer and then runs four chains of 8-lane loads at every tap's offset.
/// <para>
/// The arithmetic is that path's, lane for lane: a forward output is the bias (zero without one), then one fused
/// multiply-add per tap in tap order (kernel row by kernel row, each row's columns in order), padding taps included
/// (they add w x 0); an input-gradient position is dx (or zero when not accumulating), then one fused multiply-add per
/// tap in tap order over dY at (ih + P - D kh, iw + P - D kw), zeros outside dY.
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
    /// of 32 or 16, output the size of the input (padding D (K - 1) / 2), at most 64 taps, 512-bit permutes.
    /// </summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.IsSupported && g.IsDepthwise && g.Stride == 1 && (g.W == Lanes || g.W == 2 * Lanes) &&
        g.OutW == g.W && g.OutH == g.H && g.KH * g.KW <= 64 && g.Padding <= Lanes;

    /// <summary>
    /// Output planes of input planes [first, end) (index n Cin + ci): y[co, oh, ow] chains w[co, t] x[oh - P + D kh,
    /// ow - P + D kw] over the taps t = (kh, kw) in order, from bias[co] (zero without a bias), zeros in the padding.
    /// </summary>
    public static void Forward(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
    {
        var columns = stackalloc int[g.KW * Lanes];
        var shifts = stackalloc int[g.KW];
        for (var kw = 0; kw < g.KW; kw++)
        {
            shifts[kw] = ColumnTable((kw * g.Dilation) - g.Padding, g.W == 2 * Lanes, columns + (kw * Lanes));
        }

        var kernel = new Kernel(g.KH, g.KW, columns, shifts);
        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var input = x + ((long)plane * g.InPlane);
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var start = Vector512.Create(bias == null ? 0f : bias[co]);
                var output = y + ((((long)n * g.Cout) + co) * g.OutPlane);
                var weights = w + ((long)co * g.KH * g.KW);
                Rows(kernel, input, output, g.H, g.W, weights, start, fromOutput: false, -g.Padding, g.Dilation);
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
        var columns = stackalloc int[g.KW * Lanes];
        var shifts = stackalloc int[g.KW];
        for (var kw = 0; kw < g.KW; kw++)
        {
            shifts[kw] = ColumnTable(g.Padding - (kw * g.Dilation), g.W == 2 * Lanes, columns + (kw * Lanes));
        }

        var kernel = new Kernel(g.KH, g.KW, columns, shifts);
        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            var target = dx + ((long)plane * g.InPlane);
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var gradient = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                var weights = w + ((long)co * g.KH * g.KW);
                Rows(kernel, gradient, target, g.H, g.W, weights, Vector512<float>.Zero, fromOutput: accumulate || j > 0, g.Padding, -g.Dilation);
            }
        }
    }

    /// <summary>
    /// Every block of output rows of one plane: output row r's tap row kh reads source row r + <paramref name="rowBase"/>
    /// + kh <paramref name="rowStep"/> (r - P + D kh forward, r + P - D kh for the gradient).
    /// </summary>
    private static void Rows(in Kernel k, float* source, float* output, int height, int width, float* weights, Vector512<float> start, bool fromOutput, int rowBase, int rowStep)
    {
        var wide = width == 2 * Lanes;
        var rows = wide ? WideRows : NarrowRows;
        for (var r0 = 0; r0 < height; r0 += rows)
        {
            var block = new Block(source, height, r0 + rowBase, rowStep, output + ((long)r0 * width), height - r0);
            if (wide)
            {
                WideBlock(k, block, weights, start, fromOutput);
            }
            else
            {
                NarrowBlock(k, block, weights, start, fromOutput);
            }
        }
    }

    /// <summary>
    /// Four output rows of 32 (two vectors each; rows past the plane are computed and dropped). For each kernel row the
    /// block's four source rows are loaded once, then each kernel column shifts them (a permute per vector, none for the
    /// centre column) and adds its tap to all four.
    /// </summary>
    private static void WideBlock(in Kernel k, in Block b, float* weights, Vector512<float> start, bool fromOutput)
    {
        const int Width = 2 * Lanes;
        var (a0, a1, a2, a3, a4, a5, a6, a7) = (start, start, start, start, start, start, start, start);
        if (fromOutput)
        {
            (a0, a1) = (RowOrZero(b.Output, 0, b.Rows, Width, 0), RowOrZero(b.Output, 0, b.Rows, Width, Lanes));
            (a2, a3) = (RowOrZero(b.Output, 1, b.Rows, Width, 0), RowOrZero(b.Output, 1, b.Rows, Width, Lanes));
            (a4, a5) = (RowOrZero(b.Output, 2, b.Rows, Width, 0), RowOrZero(b.Output, 2, b.Rows, Width, Lanes));
            (a6, a7) = (RowOrZero(b.Output, 3, b.Rows, Width, 0), RowOrZero(b.Output, 3, b.Rows, Width, Lanes));
        }

        var zero = Vector512<float>.Zero;
        for (var kh = 0; kh < k.KH; kh++)
        {
            var row = b.FirstSource + (kh * b.RowStep);
            var (l0, h0) = (RowOrZero(b.Source, row, b.Height, Width, 0), RowOrZero(b.Source, row, b.Height, Width, Lanes));
            var (l1, h1) = (RowOrZero(b.Source, row + 1, b.Height, Width, 0), RowOrZero(b.Source, row + 1, b.Height, Width, Lanes));
            var (l2, h2) = (RowOrZero(b.Source, row + 2, b.Height, Width, 0), RowOrZero(b.Source, row + 2, b.Height, Width, Lanes));
            var (l3, h3) = (RowOrZero(b.Source, row + 3, b.Height, Width, 0), RowOrZero(b.Source, row + 3, b.Height, Width, Lanes));
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

        StoreRow(b.Output, 0, b.Rows, Width, a0, a1);
        StoreRow(b.Output, 1, b.Rows, Width, a2, a3);
        StoreRow(b.Output, 2, b.Rows, Width, a4, a5);
        StoreRow(b.Output, 3, b.Rows, Width, a6, a7);
    }

    /// <summary>Eight output rows of 16 (rows past the plane are computed and dropped), kernel row by kernel row as <see cref="WideBlock"/>.</summary>
    private static void NarrowBlock(in Kernel k, in Block b, float* weights, Vector512<float> start, bool fromOutput)
    {
        var (a0, a1, a2, a3, a4, a5, a6, a7) = (start, start, start, start, start, start, start, start);
        if (fromOutput)
        {
            (a0, a1, a2, a3) = (RowOrZero(b.Output, 0, b.Rows, Lanes, 0), RowOrZero(b.Output, 1, b.Rows, Lanes, 0), RowOrZero(b.Output, 2, b.Rows, Lanes, 0), RowOrZero(b.Output, 3, b.Rows, Lanes, 0));
            (a4, a5, a6, a7) = (RowOrZero(b.Output, 4, b.Rows, Lanes, 0), RowOrZero(b.Output, 5, b.Rows, Lanes, 0), RowOrZero(b.Output, 6, b.Rows, Lanes, 0), RowOrZero(b.Output, 7, b.Rows, Lanes, 0));
        }

        var zero = Vector512<float>.Zero;
        for (var kh = 0; kh < k.KH; kh++)
        {
            var row = b.FirstSource + (kh * b.RowStep);
            var (r0, r1, r2, r3) = (RowOrZero(b.Source, row, b.Height, Lanes, 0), RowOrZero(b.Source, row + 1, b.Height, Lanes, 0), RowOrZero(b.Source, row + 2, b.Height, Lanes, 0), RowOrZero(b.Source, row + 3, b.Height, Lanes, 0));
            var (r4, r5, r6, r7) = (RowOrZero(b.Source, row + 4, b.Height, Lanes, 0), RowOrZero(b.Source, row + 5, b.Height, Lanes, 0), RowOrZero(b.Source, row + 6, b.Height, Lanes, 0), RowOrZero(b.Source, row + 7, b.Height, Lanes, 0));
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

                // The table's lanes past either end of the row read the zero vector.
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

        StoreRow(b.Output, 0, b.Rows, Lanes, a0);
        StoreRow(b.Output, 1, b.Rows, Lanes, a1);
        StoreRow(b.Output, 2, b.Rows, Lanes, a2);
        StoreRow(b.Output, 3, b.Rows, Lanes, a3);
        StoreRow(b.Output, 4, b.Rows, Lanes, a4);
        StoreRow(b.Output, 5, b.Rows, Lanes, a5);
        StoreRow(b.Output, 6, b.Rows, Lanes, a6);
        StoreRow(b.Output, 7, b.Rows, Lanes, a7);
    }

    /// <summary>
    /// For a tap of column offset <paramref name="offset"/> (the output column reads the source column that far to its
    /// right), the permute lanes. Rows of 32 (<paramref name="wide"/>): over (row, next) for a positive offset or
    /// (previous, row) for a negative one, where previous / next are the other half of the row or zeros: lane c reads
    /// c + offset, or 16 + c + offset. Rows of 16: over (row, zeros), lane c reading c + offset inside the row and lane 16
    /// (a zero) outside it. Returns the sign of the offset (0: the tap reads the row as loaded).
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> RowOrZero(float* plane, int row, int height, int width, int offset) =>
        (uint)row < (uint)height ? Vector512.Load(plane + ((long)row * width) + offset) : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* plane, int row, int rows, int width, Vector512<float> low)
    {
        if (row < rows)
        {
            low.Store(plane + ((long)row * width));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* plane, int row, int rows, int width, Vector512<float> low, Vector512<float> high)
    {
        if (row < rows)
        {
            low.Store(plane + ((long)row * width));
            high.Store(plane + ((long)row * width) + Lanes);
        }
    }

    /// <summary>The kernel's shape and its column tables (<see cref="ColumnTable"/>, one per kernel column).</summary>
    private readonly struct Kernel(int kh, int kw, int* columns, int* shifts)
    {
        public int KH { get; } = kh;

        public int KW { get; } = kw;

        public int* Columns { get; } = columns;

        public int* Shifts { get; } = shifts;
    }

    /// <summary>
    /// One block: the source plane (<paramref name="height"/> rows), the source row of the block's first output row at
    /// kernel row 0 and the step per kernel row, and the block's first output row with the plane's rows from there on.
    /// </summary>
    private readonly struct Block(float* source, int height, int firstSource, int rowStep, float* output, int rows)
    {
        public float* Source { get; } = source;

        public int Height { get; } = height;

        public int FirstSource { get; } = firstSource;

        public int RowStep { get; } = rowStep;

        public float* Output { get; } = output;

        public int Rows { get; } = rows;
    }
}

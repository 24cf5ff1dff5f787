using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise weight gradient at stride 1 with "same" output on rows of whole 8-lane chunks, 32 or more wide, or on
/// rows of 24 or more that end in a partial chunk, read under a mask there (DARTS's separable and dilated 3 x 3 and
/// 5 x 5 convolutions on 32 x 32 and 28 x 28 planes), reusing each load of the staged
/// input across kernel rows. The staged path (<see cref="DepthwiseTaps.AccumulateDots"/>) loads, for every chunk of dY,
/// the input under each of the KH x KW taps; but tap (kh, kw) at output row oh reads the same staged row as tap
/// (kh + 1, kw) at output row oh + D. Here the staged rows are walked in order and each chunk of a staged row is loaded
/// once per kernel column, then added to the chains of every kernel row that reads it (with that kernel row's chunk of
/// dY): KW input loads and up to KH dY loads per KH x KW multiply-adds, instead of KH x KW + 1.
/// <para>
/// The arithmetic is the staged path's, lane for lane (<c>DepthwiseBackwardWeightOrderTests</c>): per image, each tap's
/// 8-lane chain starts from zero and takes one fused multiply-add per chunk of the output rows in order (a kernel row's
/// chain meets its output rows in order since staged row sr reaches output row sr - D kh), then joins the tap's total
/// in image order. Kernel rows go in groups of up to three (their chains in registers: 15 for 5 columns); the first
/// and last staged rows, which not every kernel row of a group reaches, go through a loop over the chains in memory.
/// </para>
/// </summary>
internal static unsafe class DepthwiseWeightRows
{
    private const int Lanes = DepthwisePlan.Lanes;

    // Runs of staged rows per group of three kernel rows: reached by 1, 2 kernel rows, all 3, then 2, 1 (twice that, with slack).
    private const int RunsPerGroup = 8;

    /// <summary>
    /// Whether <see cref="Accumulate"/> takes <paramref name="g"/>: depthwise, stride 1, output the input's size, rows of
    /// whole chunks at least 32 wide or rows of 24 or more ending in a partial chunk (256-bit masked loads), a 3 x 3 or
    /// 5 x 5 kernel. (Rows of 16 ran this path 0.82-0.96x of the staged one in session 19, rows of 14 0.76-0.96x of
    /// <see cref="DepthwiseMaskedRowWeights"/> in session 22.)
    /// </summary>
    public static bool Applies(Conv2dGeometry g) =>
        Vector256.IsHardwareAccelerated && g.IsDepthwise && g.Stride == 1 && g.OutW == g.W && g.OutH == g.H &&
        g.W >= 3 * Lanes && (g.W % Lanes == 0 ? g.W >= 4 * Lanes : Avx512F.VL.IsSupported) && g.KH == g.KW && (g.KW == 3 || g.KW == 5);

    /// <summary>
    /// Each image's chains of dY[n, co] times the input under each tap, into <paramref name="totals"/>, for the channels
    /// [first, end) and images [firstImage, endImage): image by image, each image's planes of those channels in turn (one
    /// run of memory per image instead of one plane per image and channel).
    /// </summary>
    public static void Accumulate(DepthwisePlan plan, float* x, float* dy, DepthwiseTapTotals totals, int first, int end, int firstImage, int endImage)
    {
        var g = plan.G;
        var taps = g.KH * g.KW;
        var staged = KernelScratch.Get(KernelScratch.Staging, plan.PhaseLength);
        var chains = stackalloc Vector256<float>[3 * g.KW];
        // Every image's groups walk the same runs of staged rows.
        var groups = (g.KH + 2) / 3;
        var runs = stackalloc int[groups * RunsPerGroup * 4];
        var runCounts = stackalloc int[groups];
        for (var kh0 = 0; kh0 < g.KH; kh0 += 3)
        {
            runCounts[kh0 / 3] = Runs(new Group(plan, null, null, kh0, Math.Min(3, g.KH - kh0)), runs + (kh0 / 3 * RunsPerGroup * 4));
        }

        for (var n = firstImage; n < endImage; n++)
        {
            for (var co = first; co < end; co++)
            {
                var ci = co / g.OutPerGroup;
                var channelSums = totals.For(n, co - first);
                plan.StagePhases(x + ((((long)n * g.Cin) + ci) * g.InPlane), staged, clear: n == firstImage && co == first);
                var gradient = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                for (var kh0 = 0; kh0 < g.KH; kh0 += 3)
                {
                    var group = new Group(plan, staged, gradient, kh0, Math.Min(3, g.KH - kh0));
                    for (var i = 0; i < group.Rows * g.KW; i++)
                    {
                        chains[i] = Vector256<float>.Zero;
                    }

                    if (g.W % Lanes == 0)
                    {
                        Walk<WholeChunks>(group, chains, runs + (kh0 / 3 * RunsPerGroup * 4), runCounts[kh0 / 3]);
                    }
                    else
                    {
                        Walk<MaskedLastChunk>(group, chains, runs + (kh0 / 3 * RunsPerGroup * 4), runCounts[kh0 / 3]);
                    }
                    for (var i = 0; i < group.Rows * g.KW; i++)
                    {
                        channelSums[(kh0 * g.KW) + i] += chains[i];
                    }
                }
            }
        }
    }

    /// <summary>
    /// The runs of staged rows [First, Last] of a group, in order, that the same kernel rows of the group reach (a
    /// contiguous range: all of them in the interior, fewer in the first and last rows): four ints per run (first staged
    /// row, end, first kernel row of the group, kernel rows). Returns the run count (at most 2 x 3 + 1).
    /// </summary>
    private static int Runs(in Group group, int* runs)
    {
        var count = 0;
        var (from, reached) = (group.First, group.Reached(group.First));
        for (var sr = group.First + 1; sr <= group.Last + 1; sr++)
        {
            var next = sr <= group.Last ? group.Reached(sr) : (-1, -1);
            if (next == reached)
            {
                continue;
            }

            if (reached.High >= reached.Low)
            {
                (runs[4 * count], runs[(4 * count) + 1], runs[(4 * count) + 2], runs[(4 * count) + 3]) = (from, sr, reached.Low, reached.High - reached.Low + 1);
                count++;
            }

            (from, reached) = (sr, next);
        }

        return count;
    }

    /// <summary>A group's runs (<see cref="Runs"/>) in order, each compiled for its kernel row and column counts.</summary>
    private static void Walk<TChunks>(in Group group, Vector256<float>* chains, int* runs, int count)
        where TChunks : struct, IChunks
    {
        var columns = group.Plan.G.KW;
        for (var r = 0; r < count; r++)
        {
            var (from, end, low, rows) = (runs[4 * r], runs[(4 * r) + 1], runs[(4 * r) + 2], runs[(4 * r) + 3]);
            var at = chains + (low * columns);
            var kernelRow = group.FirstKernelRow + low;
            switch (rows, columns)
            {
                case (1, 3): Run<One, Three, TChunks>(group, at, from, end, kernelRow); break;
                case (2, 3): Run<Two, Three, TChunks>(group, at, from, end, kernelRow); break;
                case (3, 3): Run<Three, Three, TChunks>(group, at, from, end, kernelRow); break;
                case (1, 5): Run<One, Five, TChunks>(group, at, from, end, kernelRow); break;
                case (2, 5): Run<Two, Five, TChunks>(group, at, from, end, kernelRow); break;
                default: Run<Three, Five, TChunks>(group, at, from, end, kernelRow); break;
            }
        }
    }

    /// <summary>
    /// Staged rows [from, end), each reached by kernel rows [kernelRow, kernelRow + TRows) (chains: theirs, row by row):
    /// for each chunk, kernel row i's dY chunk (output row sr - D (kernelRow + i)) and, per kernel column, one load of
    /// the staged input added to every kernel row's chain of that column.
    /// </summary>
    private static void Run<TRows, TColumns, TChunks>(in Group group, Vector256<float>* chains, int from, int end, int kernelRow)
        where TRows : struct, ICount
        where TColumns : struct, ICount
        where TChunks : struct, IChunks
    {
        var g = group.Plan.G;
        var (width, rowWidth, d) = (g.W, group.Plan.RowWidth, g.Dilation);
        // Chain (row i, column kw) is chains[i x columns + kw]; the third row and the last two columns only when the shape has them.
        var (columns, zero) = (TColumns.Count, Vector256<float>.Zero);
        var tail = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(width % Lanes)).AsSingle();
        var wide = columns > 3;
        var second = TRows.Count > 1;
        var third = TRows.Count > 2;
        var (c00, c01, c02, c03, c04) = (chains[0], chains[1], chains[2], wide ? chains[3] : zero, wide ? chains[4] : zero);
        var (c10, c11, c12) = second ? (chains[columns], chains[columns + 1], chains[columns + 2]) : (zero, zero, zero);
        var (c13, c14) = second && wide ? (chains[columns + 3], chains[columns + 4]) : (zero, zero);
        var (c20, c21, c22) = third ? (chains[2 * columns], chains[(2 * columns) + 1], chains[(2 * columns) + 2]) : (zero, zero, zero);
        var (c23, c24) = third && wide ? (chains[(2 * columns) + 3], chains[(2 * columns) + 4]) : (zero, zero);
        for (var sr = from; sr < end; sr++)
        {
            var row = group.Staged + ((long)sr * rowWidth);
            var dy0 = group.Gradient + ((long)(sr - (d * kernelRow)) * width);
            var dy1 = dy0 - ((long)d * width);
            var dy2 = dy0 - (2L * d * width);
            for (var j = 0; j < width; j += Lanes)
            {
                var p = row + j;
                // A row's last chunk past its end reads zeros there (rows of 28: columns 28-31).
                var whole = !TChunks.Masked || j + Lanes <= width;
                var d0 = whole ? Vector256.Load(dy0 + j) : Avx512F.VL.MaskLoad(dy0 + j, tail, zero);
                var d1 = TRows.Count > 1 ? (whole ? Vector256.Load(dy1 + j) : Avx512F.VL.MaskLoad(dy1 + j, tail, zero)) : d0;
                var d2 = TRows.Count > 2 ? (whole ? Vector256.Load(dy2 + j) : Avx512F.VL.MaskLoad(dy2 + j, tail, zero)) : d0;
                var v = Vector256.Load(p);
                (c00, c10, c20) = Add<TRows>(d0, d1, d2, v, c00, c10, c20);
                v = Vector256.Load(p + d);
                (c01, c11, c21) = Add<TRows>(d0, d1, d2, v, c01, c11, c21);
                v = Vector256.Load(p + (2 * d));
                (c02, c12, c22) = Add<TRows>(d0, d1, d2, v, c02, c12, c22);
                if (wide)
                {
                    v = Vector256.Load(p + (3 * d));
                    (c03, c13, c23) = Add<TRows>(d0, d1, d2, v, c03, c13, c23);
                    v = Vector256.Load(p + (4 * d));
                    (c04, c14, c24) = Add<TRows>(d0, d1, d2, v, c04, c14, c24);
                }
            }
        }

        (chains[0], chains[1], chains[2]) = (c00, c01, c02);
        if (second)
        {
            (chains[columns], chains[columns + 1], chains[columns + 2]) = (c10, c11, c12);
        }

        if (third)
        {
            (chains[2 * columns], chains[(2 * columns) + 1], chains[(2 * columns) + 2]) = (c20, c21, c22);
        }

        if (wide)
        {
            (chains[3], chains[4]) = (c03, c04);
        }

        if (second && wide)
        {
            (chains[columns + 3], chains[columns + 4]) = (c13, c14);
        }

        if (third && wide)
        {
            (chains[(2 * columns) + 3], chains[(2 * columns) + 4]) = (c23, c24);
        }
    }

    /// <summary>The chains of one kernel column: kernel row i's chain += its dY chunk times the column's input chunk (rows the group lacks are left as they are).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>) Add<TRows>(Vector256<float> d0, Vector256<float> d1, Vector256<float> d2, Vector256<float> v, Vector256<float> c0, Vector256<float> c1, Vector256<float> c2)
        where TRows : struct, ICount
    {
        c0 = Vector256.FusedMultiplyAdd(d0, v, c0);
        c1 = TRows.Count > 1 ? Vector256.FusedMultiplyAdd(d1, v, c1) : c1;
        c2 = TRows.Count > 2 ? Vector256.FusedMultiplyAdd(d2, v, c2) : c2;
        return (c0, c1, c2);
    }

    /// <summary>
    /// Whether rows end in a partial chunk (rows of 28: its dY read under a mask) or are whole chunks (rows of 32k: the
    /// loop compiled without the test), as a type.
    /// </summary>
    private interface IChunks
    {
        static abstract bool Masked { get; }
    }

    private readonly struct WholeChunks : IChunks
    {
        public static bool Masked => false;
    }

    private readonly struct MaskedLastChunk : IChunks
    {
        public static bool Masked => true;
    }

    /// <summary>
    /// Kernel rows [kh0, kh0 + rows) of one image: the staged input plane (rows of <see cref="DepthwisePlan.RowWidth"/>;
    /// output row oh's tap kh reads staged row oh + D kh) and dY.
    /// </summary>
    private readonly struct Group(DepthwisePlan plan, float* staged, float* gradient, int kh0, int rows)
    {
        public DepthwisePlan Plan { get; } = plan;

        public float* Staged { get; } = staged;

        public float* Gradient { get; } = gradient;

        public int FirstKernelRow { get; } = kh0;

        public int Rows { get; } = rows;

        /// <summary>The first staged row any kernel row of the group reads.</summary>
        public int First => Plan.G.Dilation * FirstKernelRow;

        /// <summary>The last staged row any kernel row of the group reads.</summary>
        public int Last => Plan.G.H - 1 + (Plan.G.Dilation * (FirstKernelRow + Rows - 1));

        /// <summary>The group's kernel rows [low, high] that reach staged row sr (output row sr - D kh inside the plane): a contiguous range.</summary>
        public (int Low, int High) Reached(int sr)
        {
            var (h, d) = (Plan.G.H, Plan.G.Dilation);
            var low = Math.Max(0, CeilingDivide(sr - h + 1, d) - FirstKernelRow);
            var high = Math.Min(Rows - 1, (sr / d) - FirstKernelRow);
            return (low, high);
        }

        private static int CeilingDivide(int a, int b) => a <= 0 ? -(-a / b) : (a + b - 1) / b;
    }
}

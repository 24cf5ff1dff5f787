using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise weight gradient at stride 2 (the reduction cells' separable and dilated convolutions of the DARTS
/// network: 28 x 28 -> 14 x 14 and 14 x 14 -> 7 x 7 on Fashion-MNIST images, 32 -> 16 and 16 -> 8 on 32 x 32 ones),
/// reading the input and dY where they lie. The staged path (<see cref="DepthwiseTaps.AccumulateDots"/>) first splits
/// every input plane into its four row and column phases and copies dY into rows of whole chunks; here the 16 input
/// columns under a chunk's 8 outputs (and the next 16) are two loads under masks of the columns inside the row (the
/// others read as zeros, as the padding does), and each kernel column's 8 inputs, every other column from its offset,
/// are one two-source permute of them (an output past the row's end takes the second load's last lane, past the row:
/// zero, as in the staged rows, so a non-finite input cannot reach a tap through it, 0 x infinity being NaN); a kernel
/// row that falls outside the plane reads a row of zeros.
/// <para>
/// The arithmetic is the staged path's, lane for lane (<c>DepthwiseBackwardWeightOrderTests</c>): lane l of chunk c
/// of output row oh is output column 8 c + l; per image, each tap's 8-lane chain starts from zero and takes one fused
/// multiply-add dY x input per chunk of the output rows in order, then joins the tap's total in image order; the
/// totals' lanes are summed once, at the end. A pass walks the plane once per group of up to three kernel rows, their
/// chains in registers (as <see cref="DepthwiseMaskedRowWeights"/> does at stride 1).
/// </para>
/// </summary>
internal static unsafe class DepthwiseStrideTwoWeights
{
    private const int Lanes = DepthwisePlan.Lanes;

    /// <summary>Input columns one load covers (two loads cover a chunk's reach: 15 columns, plus the kernel's).</summary>
    private const int Window = 16;

    /// <summary>
    /// The two loads' last lane: no tap of an output inside the row reads it (their reach ends at 14 + 16), and where a
    /// chunk has outputs past the row's end its column lies past the row's end too (W &lt; 16 c + 15 - 2 padding + the
    /// kernel's reach), so it is never loaded: zero.
    /// </summary>
    private const int ZeroLane = (2 * Window) - 1;

    /// <summary>
    /// Whether <see cref="Accumulate"/> takes <paramref name="g"/>: depthwise, stride 2, a 3- or 5-column kernel whose
    /// reach, (KW - 1) dilation, stays within the second load short of its last lane (at most 16), 512-bit masked loads
    /// and permutes, and output rows of one chunk or not of whole chunks. Rows of two or more whole chunks (16 outputs
    /// from 32 x 32 images) stay staged: their dY is read in place there and the phases' staging pays for itself over
    /// the plane (this path ran them 0.79-0.97x).
    /// </summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.VL.IsSupported && g.IsDepthwise && g.Stride == 2 && (g.KW == 3 || g.KW == 5) && (g.KW - 1) * g.Dilation <= Window &&
        (g.OutW % Lanes != 0 || g.OutW == Lanes);

    /// <summary>
    /// Each image's chains of dY[n, co] times the input under each tap, into <paramref name="totals"/>, for the channels
    /// [first, end) and images [firstImage, endImage): image by image, each image's planes of those channels in turn.
    /// </summary>
    public static void Accumulate(Conv2dGeometry g, float* x, float* dy, DepthwiseTapTotals totals, int first, int end, int firstImage, int endImage)
    {
        var chunks = (g.OutW + Lanes - 1) / Lanes;
        // Per chunk: the mask of dY's lanes inside the output row, then the input's two loads' masks of the columns inside the row.
        var masksSpace = stackalloc Vector512<float>[(chunks * 3) + (CacheLineAlignment.Slack / sizeof(Vector512<float>))];
        var masks = CacheLineAlignment.Up(masksSpace);
        for (var c = 0; c < chunks; c++)
        {
            var column = (c * 2 * Lanes) - g.Padding;
            masks[c * 3] = Inside(Vector512<int>.Indices + Vector512.Create(c * Lanes), g.OutW);
            masks[(c * 3) + 1] = Inside(Vector512<int>.Indices + Vector512.Create(column), g.W);
            masks[(c * 3) + 2] = Inside(Vector512<int>.Indices + Vector512.Create(column + Window), g.W);
        }

        // Per chunk, kernel column kw's inputs: every other column of the two loads from kw dilation on, the zero lane
        // for outputs past the row's end.
        var columnsSpace = stackalloc Vector512<int>[(chunks * g.KW) + (CacheLineAlignment.Slack / sizeof(Vector512<int>))];
        var columns = CacheLineAlignment.Up(columnsSpace);
        for (var c = 0; c < chunks; c++)
        {
            var inside = Vector512.LessThan(Vector512<int>.Indices + Vector512.Create(c * Lanes), Vector512.Create(g.OutW));
            for (var kw = 0; kw < g.KW; kw++)
            {
                var picked = (Vector512<int>.Indices * 2) + Vector512.Create(kw * g.Dilation);
                columns[(c * g.KW) + kw] = Vector512.ConditionalSelect(inside, picked, Vector512.Create(ZeroLane));
            }
        }

        // The row a kernel row reads above or below the plane: zeros, as long as a row.
        var zeros = stackalloc float[g.W];
        new Span<float>(zeros, g.W).Clear();
        DepthwiseKernelRowGroups.Accumulate(new Pass(g, masks, columns, zeros, chunks), g, x, dy, totals, first, end, firstImage, endImage);
    }

    /// <summary>
    /// One image's chains of kernel rows [kh0, kh0 + TRows) (chains: theirs, row by row, KW each): for every chunk of the
    /// output rows in order, dY's chunk times the inputs under each of their taps; the chains, from zero, are added to
    /// <paramref name="sums"/> (those kernel rows' totals). Up to fifteen chains in registers.
    /// Never inlined: inlined into <see cref="Pass"/>'s KernelRows, .NET's compiler ran out of its inlining budget for
    /// the 3 x 3 kernel's three-row pass and called two of its three Taps, every chain passed and returned through the
    /// stack (seen in the compiled code, session 34); compiled on its own, all its Taps are inlined.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void KernelRows<TRows, TColumns>(in Pass p, float* plane, float* gradient, int kh0, Vector256<float>* sums)
        where TRows : struct, ICount
        where TColumns : struct, ICount
    {
        var g = p.G;
        var d = g.Dilation;
        var (second, third) = (TRows.Count > 1, TRows.Count > 2);
        var five = TColumns.Count == 5;
        var zero = Vector256<float>.Zero;
        var (c00, c01, c02, c03, c04) = (zero, zero, zero, zero, zero);
        var (c10, c11, c12, c13, c14) = (zero, zero, zero, zero, zero);
        var (c20, c21, c22, c23, c24) = (zero, zero, zero, zero, zero);
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var ih = (2 * oh) + (kh0 * d) - g.Padding;
            var row0 = InputRow(p, plane, ih);
            var row1 = second ? InputRow(p, plane, ih + d) : row0;
            var row2 = third ? InputRow(p, plane, ih + (2 * d)) : row0;
            var dyRow = gradient + ((long)oh * g.OutW);
            var m = p.Masks;
            for (var c = 0; c < p.Chunks; c++)
            {
                var dv = Avx512F.VL.MaskLoad(dyRow + (c * Lanes), m[0].GetLower(), zero);
                var at = c * 2 * Lanes;
                var columns = p.Columns + (c * TColumns.Count);
                (c00, c01, c02, c03, c04) = Taps<TColumns>(dv, row0 + at, m, columns, c00, c01, c02, c03, c04);
                if (second)
                {
                    (c10, c11, c12, c13, c14) = Taps<TColumns>(dv, row1 + at, m, columns, c10, c11, c12, c13, c14);
                }

                if (third)
                {
                    (c20, c21, c22, c23, c24) = Taps<TColumns>(dv, row2 + at, m, columns, c20, c21, c22, c23, c24);
                }

                m += 3;
            }
        }

        DepthwiseKernelRowGroups.Add(sums, c00, c01, c02, c03, c04, five);
        if (second)
        {
            DepthwiseKernelRowGroups.Add(sums + TColumns.Count, c10, c11, c12, c13, c14, five);
        }

        if (third)
        {
            DepthwiseKernelRowGroups.Add(sums + (2 * TColumns.Count), c20, c21, c22, c23, c24, five);
        }
    }

    /// <summary>Input row <paramref name="ih"/> (the row of zeros outside the plane), moved back by the padding: column w of the padded row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* InputRow(in Pass p, float* plane, int ih) =>
        ((uint)ih < (uint)p.G.H ? plane + ((long)ih * p.G.W) : p.Zeros) - p.G.Padding;

    /// <summary>
    /// One kernel row's chains += dY's chunk times its inputs under each column's tap: the padded row's 32 columns from
    /// <paramref name="at"/> in two loads under the chunk's masks (masks[1], masks[2]), each tap's 8 picked by one permute
    /// (the chunk's <paramref name="columns"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Taps<TColumns>(Vector256<float> dv, float* at, Vector512<float>* masks, Vector512<int>* columns, Vector256<float> c0, Vector256<float> c1, Vector256<float> c2, Vector256<float> c3, Vector256<float> c4)
        where TColumns : struct, ICount
    {
        var low = Avx512F.MaskLoad(at, masks[1], Vector512<float>.Zero);
        var high = Avx512F.MaskLoad(at + Window, masks[2], Vector512<float>.Zero);
        c0 = Vector256.FusedMultiplyAdd(dv, Avx512F.PermuteVar16x32x2(low, columns[0], high).GetLower(), c0);
        c1 = Vector256.FusedMultiplyAdd(dv, Avx512F.PermuteVar16x32x2(low, columns[1], high).GetLower(), c1);
        c2 = Vector256.FusedMultiplyAdd(dv, Avx512F.PermuteVar16x32x2(low, columns[2], high).GetLower(), c2);
        if (TColumns.Count == 5)
        {
            c3 = Vector256.FusedMultiplyAdd(dv, Avx512F.PermuteVar16x32x2(low, columns[3], high).GetLower(), c3);
            c4 = Vector256.FusedMultiplyAdd(dv, Avx512F.PermuteVar16x32x2(low, columns[4], high).GetLower(), c4);
        }

        return (c0, c1, c2, c3, c4);
    }

    /// <summary>All bits set in the lanes whose column (<paramref name="columns"/>) lies in [0, width).</summary>
    private static Vector512<float> Inside(Vector512<int> columns, int width) =>
        (Vector512.GreaterThanOrEqual(columns, Vector512<int>.Zero) & Vector512.LessThan(columns, Vector512.Create(width))).AsSingle();

    /// <summary>What every kernel row's pass shares: the geometry, the masks per chunk (dY's, then the input loads'), the kernel columns' permutes per chunk, the row of zeros.</summary>
    private readonly struct Pass(Conv2dGeometry g, Vector512<float>* masks, Vector512<int>* columns, float* zeros, int chunks) : IKernelRowPass
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void KernelRows<TRows, TColumns>(float* plane, float* gradient, int kh0, Vector256<float>* sums)
            where TRows : struct, ICount
            where TColumns : struct, ICount => DepthwiseStrideTwoWeights.KernelRows<TRows, TColumns>(this, plane, gradient, kh0, sums);

        public Conv2dGeometry G { get; } = g;

        public Vector512<float>* Masks { get; } = masks;

        public Vector512<int>* Columns { get; } = columns;

        public float* Zeros { get; } = zeros;

        public int Chunks { get; } = chunks;
    }
}

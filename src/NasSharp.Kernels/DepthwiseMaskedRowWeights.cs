using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise weight gradient at stride 1 with "same" output on rows that are not whole 8-lane chunks (DARTS's
/// separable and dilated 3 x 3 and 5 x 5 convolutions on the 14 x 14 and 7 x 7 planes of Fashion-MNIST images; rows of
/// 24 and more, 28 among them, take <see cref="DepthwiseWeightRows"/>), reading the input and dY where they lie. The staged path (<see cref="DepthwiseTaps.AccumulateDots"/>)
/// first copies every plane of the input into a zero-padded buffer and every plane of dY into rows of whole chunks,
/// row by row (a 7-float row is seven scalar copies), then loads each chunk through a table of offsets; here each
/// chunk is one load under a mask of the lanes inside the row (the others read as zeros, as the padding and the
/// staged rows' ends do), and a kernel row that falls outside the plane reads a row of zeros.
/// <para>
/// The arithmetic is the staged path's, lane for lane (<c>DepthwiseBackwardWeightOrderTests</c>): lane l of chunk c
/// of output row oh is column 8 c + l; per image, each tap's 8-lane chain starts from zero and takes one fused
/// multiply-add dY x input per chunk of the output rows in order, then joins the tap's total in image order; the
/// totals' lanes are summed once, at the end. A pass walks the plane once per group of up to three kernel rows, their
/// chains in registers.
/// </para>
/// </summary>
internal static unsafe class DepthwiseMaskedRowWeights
{
    private const int Lanes = DepthwisePlan.Lanes;

    /// <summary>
    /// Whether <see cref="Accumulate"/> takes <paramref name="g"/>: depthwise, stride 1, output the input's size, rows
    /// that are not whole chunks, a 3- or 5-column kernel, 256-bit masked loads.
    /// </summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.VL.IsSupported && g.IsDepthwise && g.Stride == 1 && g.OutW == g.W && g.OutH == g.H &&
        g.W % Lanes != 0 && (g.KW == 3 || g.KW == 5);

    /// <summary>
    /// Each image's chains of dY[n, co] times the input under each tap, into <paramref name="totals"/>, for the channels
    /// [first, end) and images [firstImage, endImage): image by image, each image's planes of those channels in turn.
    /// </summary>
    public static void Accumulate(Conv2dGeometry g, float* x, float* dy, DepthwiseTapTotals totals, int first, int end, int firstImage, int endImage)
    {
        var chunks = (g.W + Lanes - 1) / Lanes;
        // Per chunk: the mask of dY's lanes inside the row, then per kernel column the input's.
        var masksSpace = stackalloc Vector256<float>[(chunks * (1 + g.KW)) + (CacheLineAlignment.Slack / sizeof(Vector256<float>))];
        var masks = CacheLineAlignment.Up(masksSpace);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        for (var c = 0; c < chunks; c++)
        {
            masks[c * (1 + g.KW)] = Inside(lanes + Vector256.Create(c * Lanes), g.W);
            for (var kw = 0; kw < g.KW; kw++)
            {
                masks[(c * (1 + g.KW)) + 1 + kw] = Inside(lanes + Vector256.Create((c * Lanes) + (kw * g.Dilation) - g.Padding), g.W);
            }
        }

        // The row a kernel row reads above or below the plane: zeros, as long as a row.
        var zeros = stackalloc float[chunks * Lanes];
        new Span<float>(zeros, chunks * Lanes).Clear();
        DepthwiseKernelRowGroups.Accumulate(new Pass(g, masks, zeros), g, x, dy, totals, first, end, firstImage, endImage);
    }

    /// <summary>
    /// One image's chains of kernel rows [kh0, kh0 + TRows) (chains: theirs, row by row, KW each): for every chunk of the
    /// output rows in order, dY's chunk times the input chunk under each of their taps; the chains, from zero, are
    /// added to <paramref name="sums"/> (those kernel rows' totals). Up to fifteen chains in registers: a chain waits
    /// for its previous multiply-add, so one kernel row's three would leave the multiply-add units idle.
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
        var (width, d) = (g.W, g.Dilation);
        var (columns, second, third) = (TColumns.Count, TRows.Count > 1, TRows.Count > 2);
        var five = columns == 5;
        var zero = Vector256<float>.Zero;
        var (c00, c01, c02, c03, c04) = (zero, zero, zero, zero, zero);
        var (c10, c11, c12, c13, c14) = (zero, zero, zero, zero, zero);
        var (c20, c21, c22, c23, c24) = (zero, zero, zero, zero, zero);
        for (var oh = 0; oh < g.H; oh++)
        {
            var ih = oh + (kh0 * d) - g.Padding;
            var row0 = InputRow(p, plane, ih);
            var row1 = second ? InputRow(p, plane, ih + d) : row0;
            var row2 = third ? InputRow(p, plane, ih + (2 * d)) : row0;
            var dyRow = gradient + ((long)oh * width);
            var m = p.Masks;
            for (var j = 0; j < width; j += Lanes)
            {
                var dv = Avx512F.VL.MaskLoad(dyRow + j, m[0], zero);
                (c00, c01, c02, c03, c04) = Taps<TColumns>(dv, row0 + j, d, m, c00, c01, c02, c03, c04);
                if (second)
                {
                    (c10, c11, c12, c13, c14) = Taps<TColumns>(dv, row1 + j, d, m, c10, c11, c12, c13, c14);
                }

                if (third)
                {
                    (c20, c21, c22, c23, c24) = Taps<TColumns>(dv, row2 + j, d, m, c20, c21, c22, c23, c24);
                }

                m += 1 + columns;
            }
        }

        DepthwiseKernelRowGroups.Add(sums, c00, c01, c02, c03, c04, five);
        if (second)
        {
            DepthwiseKernelRowGroups.Add(sums + columns, c10, c11, c12, c13, c14, five);
        }

        if (third)
        {
            DepthwiseKernelRowGroups.Add(sums + (2 * columns), c20, c21, c22, c23, c24, five);
        }
    }

    /// <summary>Input row <paramref name="ih"/> (the row of zeros outside the plane), <see cref="DepthwisePlan"/>'s padding columns before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* InputRow(in Pass p, float* plane, int ih) =>
        ((uint)ih < (uint)p.G.H ? plane + ((long)ih * p.G.W) : p.Zeros) - p.G.Padding;

    /// <summary>One kernel row's chains += dY's chunk times the input chunk under each column's tap (masks[1 + kw], the lanes inside the row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Taps<TColumns>(Vector256<float> dv, float* at, int d, Vector256<float>* masks, Vector256<float> c0, Vector256<float> c1, Vector256<float> c2, Vector256<float> c3, Vector256<float> c4)
        where TColumns : struct, ICount
    {
        var zero = Vector256<float>.Zero;
        c0 = Vector256.FusedMultiplyAdd(dv, Avx512F.VL.MaskLoad(at, masks[1], zero), c0);
        c1 = Vector256.FusedMultiplyAdd(dv, Avx512F.VL.MaskLoad(at + d, masks[2], zero), c1);
        c2 = Vector256.FusedMultiplyAdd(dv, Avx512F.VL.MaskLoad(at + (2 * d), masks[3], zero), c2);
        if (TColumns.Count == 5)
        {
            c3 = Vector256.FusedMultiplyAdd(dv, Avx512F.VL.MaskLoad(at + (3 * d), masks[4], zero), c3);
            c4 = Vector256.FusedMultiplyAdd(dv, Avx512F.VL.MaskLoad(at + (4 * d), masks[5], zero), c4);
        }

        return (c0, c1, c2, c3, c4);
    }

    /// <summary>All bits set in the lanes whose column (<paramref name="columns"/>) lies in [0, width).</summary>
    private static Vector256<float> Inside(Vector256<int> columns, int width) =>
        (Vector256.GreaterThanOrEqual(columns, Vector256<int>.Zero) & Vector256.LessThan(columns, Vector256.Create(width))).AsSingle();

    /// <summary>What every kernel row's pass shares: the geometry, the masks per chunk (dY's, then each kernel column's), and the row of zeros.</summary>
    private readonly struct Pass(Conv2dGeometry g, Vector256<float>* masks, float* zeros) : IKernelRowPass
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void KernelRows<TRows, TColumns>(float* plane, float* gradient, int kh0, Vector256<float>* sums)
            where TRows : struct, ICount
            where TColumns : struct, ICount => DepthwiseMaskedRowWeights.KernelRows<TRows, TColumns>(this, plane, gradient, kh0, sums);

        public Conv2dGeometry G { get; } = g;

        public Vector256<float>* Masks { get; } = masks;

        public float* Zeros { get; } = zeros;
    }
}

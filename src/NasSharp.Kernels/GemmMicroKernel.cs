using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// The register-blocked inner kernel of every packed matrix product here (the BLIS micro-kernel, Van Zee
/// and van de Geijn 2015, "BLIS: A Framework for Rapidly Instantiating BLAS Functionality"): an
/// <see cref="Rows"/> x <see cref="Columns"/> tile of C held in 16 Vector512 accumulators (a tile of exactly
/// the valid rows when a micro-panel has at most <see cref="ShortRows"/>, a <see cref="NarrowColumns"/>-column tile in 8
/// when it has at most that many valid columns)
/// while k runs
/// over a packed A micro-panel (kc x 8, k-major) and a packed B micro-panel (kc x 32, k-major). Each C
/// element is one fused multiply-add chain over k in increasing order, starting from C itself, the bias
/// or zero, so the result never depends on how the caller blocks or parallelises the product.
/// A tuned kernel: long on purpose, and unrolled by hand.
/// </summary>
internal static unsafe class GemmMicroKernel
{
    /// <summary>Rows of a tile (the broadcast operand's micro-panel width).</summary>
    public const int Rows = 8;

    /// <summary>Valid rows of a micro-panel at most that run a kernel of exactly their row count (the padding rows are skipped).</summary>
    public const int ShortRows = 4;

    /// <summary>Columns of a tile (two Vector512 of floats).</summary>
    public const int Columns = 32;

    /// <summary>Columns of the narrow tile for a micro-panel with at most this many valid columns (one Vector512).</summary>
    public const int NarrowColumns = 16;

    /// <summary>
    /// C[0..rows, 0..cols) = start + A B over kc, where start is C itself when <paramref name="load"/>,
    /// else bias[r] for row r (when <paramref name="bias"/> is not null) or 0. A and B are packed and
    /// zero-padded to full micro-panels; only the valid rows x cols of C are read or written.
    /// </summary>
    public static void Tile(float* a, float* b, int kc, float* c, int ldc, int rows, int cols, bool load, float* bias) =>
        Tile(a, b, Columns, kc, c, ldc, rows, cols, load, bias);

    /// <summary>
    /// <see cref="Tile(float*, float*, int, float*, int, int, int, bool, float*)"/> with B's k rows <paramref name="ldb"/>
    /// floats apart: a whole 32-column block of an unpacked row-major B is read in place (ldb its row length). Only the
    /// first <see cref="Columns"/> floats of each B row are read, so a partial panel must still come packed and padded.
    /// </summary>
    public static void Tile(float* a, float* b, int ldb, int kc, float* c, int ldc, int rows, int cols, bool load, float* bias)
    {
        // A micro-panel of at most four valid rows (the last of a 20-row LSTM step or of a 700-row decoder product, each
        // thread's 2-row remainder of the LSTM's batch) runs a kernel of exactly that many rows, one of at most 16 columns
        // (the last panel of N = 200) the 16-column kernel: the padded full tile's work shrinks to what is valid, the
        // chains stay the same.
        var shape = !Vector512.IsHardwareAccelerated ? Shape.Full : rows <= ShortRows ? Shape.Short : cols <= NarrowColumns ? Shape.Narrow : Shape.Full;
        if (cols == (shape == Shape.Narrow ? NarrowColumns : Columns) && (rows == Rows || shape == Shape.Short))
        {
            Run(shape, rows, a, b, ldb, kc, c, ldc, load, bias);
            return;
        }

        var tile = stackalloc float[Rows * Columns];
        if (load)
        {
            for (var r = 0; r < rows; r++)
            {
                new ReadOnlySpan<float>(c + (r * ldc), cols).CopyTo(new Span<float>(tile + (r * Columns), cols));
            }
        }

        Run(shape, rows, a, b, ldb, kc, tile, Columns, load, bias);
        for (var r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(tile + (r * Columns), cols).CopyTo(new Span<float>(c + (r * ldc), cols));
        }
    }

    private static void Run(Shape shape, int rows, float* a, float* b, int ldb, int kc, float* c, int ldc, bool load, float* bias)
    {
        switch (shape, rows)
        {
            case (Shape.Short, 1):
                Short512<One>(a, b, ldb, kc, c, ldc, load, bias);
                break;
            case (Shape.Short, 2):
                Short512<Two>(a, b, ldb, kc, c, ldc, load, bias);
                break;
            case (Shape.Short, 3):
                Short512<Three>(a, b, ldb, kc, c, ldc, load, bias);
                break;
            case (Shape.Short, _):
                Short512<Four>(a, b, ldb, kc, c, ldc, load, bias);
                break;
            case (Shape.Narrow, _):
                Narrow512(a, b, ldb, kc, c, ldc, load, bias);
                break;
            default:
                Full(a, b, ldb, kc, c, ldc, load, bias);
                break;
        }
    }

    private static void Full(float* a, float* b, int ldb, int kc, float* c, int ldc, bool load, float* bias)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Full512<PackedRows>(a, b, null, ldb, 16, kc, c, ldc, load, bias);
            return;
        }

        for (var r0 = 0; r0 < Rows; r0 += 4)
        {
            for (var j0 = 0; j0 < Columns; j0 += 16)
            {
                Quarter256(a + r0, b + j0, ldb, kc, c + (r0 * ldc) + j0, ldc, load, bias == null ? null : bias + r0);
            }
        }
    }

    /// <summary>
    /// The full tile with B's k rows read where <paramref name="offsets"/> says: row p's columns 0..15 at b + offsets[p] and
    /// 16..31 at b + offsets[p] + <paramref name="high"/> (an implicit-GEMM column panel read straight from the padded image:
    /// one output row of 32, or two rows of 16, <paramref name="high"/> apart). The same chains as <see cref="Tile(float*, float*, int, float*, int, int, int, bool, float*)"/>
    /// over the same values, so the same bits; only full 8 x 32 tiles on 512-bit vectors (see <see cref="CanReadRowsInPlace"/>).
    /// </summary>
    public static void TileFromRows(float* a, float* b, int* offsets, int high, int kc, float* c, int ldc, bool load, float* bias) =>
        Full512<OffsetRows>(a, b, offsets, 0, high, kc, c, ldc, load, bias);

    /// <summary>Whether <see cref="TileFromRows"/> runs here (it needs 512-bit vectors).</summary>
    public static bool CanReadRowsInPlace => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Full512<TRows>(float* a, float* b, int* offsets, int ldb, int high, int kc, float* c, int ldc, bool load, float* bias)
        where TRows : struct, IBRows
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (load)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + 16);
            c10 = Vector512.Load(c + ldc); c11 = Vector512.Load(c + ldc + 16);
            c20 = Vector512.Load(c + (2 * ldc)); c21 = Vector512.Load(c + (2 * ldc) + 16);
            c30 = Vector512.Load(c + (3 * ldc)); c31 = Vector512.Load(c + (3 * ldc) + 16);
            c40 = Vector512.Load(c + (4 * ldc)); c41 = Vector512.Load(c + (4 * ldc) + 16);
            c50 = Vector512.Load(c + (5 * ldc)); c51 = Vector512.Load(c + (5 * ldc) + 16);
            c60 = Vector512.Load(c + (6 * ldc)); c61 = Vector512.Load(c + (6 * ldc) + 16);
            c70 = Vector512.Load(c + (7 * ldc)); c71 = Vector512.Load(c + (7 * ldc) + 16);
        }
        else if (bias != null)
        {
            c00 = c01 = Vector512.Create(bias[0]);
            c10 = c11 = Vector512.Create(bias[1]);
            c20 = c21 = Vector512.Create(bias[2]);
            c30 = c31 = Vector512.Create(bias[3]);
            c40 = c41 = Vector512.Create(bias[4]);
            c50 = c51 = Vector512.Create(bias[5]);
            c60 = c61 = Vector512.Create(bias[6]);
            c70 = c71 = Vector512.Create(bias[7]);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<float>.Zero;
            c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
        }

        for (var p = 0; p < kc; p++)
        {
            var row = TRows.Indexed ? b + offsets[p] : b;
            var b0 = Vector512.Load(row);
            var b1 = Vector512.Load(row + (TRows.Indexed ? high : 16));
            var av = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(av, b0, c40); c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(av, b0, c50); c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(av, b0, c60); c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(av, b0, c70); c71 = Vector512.FusedMultiplyAdd(av, b1, c71);
            a += Rows;
            b += TRows.Indexed ? 0 : ldb;
        }

        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + (2 * ldc)); c21.Store(c + (2 * ldc) + 16);
        c30.Store(c + (3 * ldc)); c31.Store(c + (3 * ldc) + 16);
        c40.Store(c + (4 * ldc)); c41.Store(c + (4 * ldc) + 16);
        c50.Store(c + (5 * ldc)); c51.Store(c + (5 * ldc) + 16);
        c60.Store(c + (6 * ldc)); c61.Store(c + (6 * ldc) + 16);
        c70.Store(c + (7 * ldc)); c71.Store(c + (7 * ldc) + 16);
    }

    /// <summary>
    /// The first <typeparamref name="TRows"/> (1..4) rows of <see cref="Full512{TRows}"/>: two accumulators a row, A still read from
    /// its eight-row packed micro-panel (the padding rows are never touched, nor rows of C beyond the valid ones). The row
    /// count is a type argument, so the JIT compiles one kernel per count with the unused rows' code removed. Each
    /// element's chain is the one <see cref="Full512{TRows}"/> computes, so the results are bitwise the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Short512<TRows>(float* a, float* b, int ldb, int kc, float* c, int ldc, bool load, float* bias)
        where TRows : struct, ICount
    {
        var rows = TRows.Count;
        Vector512<float> c00, c01, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        if (load)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + 16);
            if (rows > 1) { c10 = Vector512.Load(c + ldc); c11 = Vector512.Load(c + ldc + 16); }
            if (rows > 2) { c20 = Vector512.Load(c + (2 * ldc)); c21 = Vector512.Load(c + (2 * ldc) + 16); }
            if (rows > 3) { c30 = Vector512.Load(c + (3 * ldc)); c31 = Vector512.Load(c + (3 * ldc) + 16); }
        }
        else if (bias != null)
        {
            c00 = c01 = Vector512.Create(bias[0]);
            if (rows > 1) { c10 = c11 = Vector512.Create(bias[1]); }
            if (rows > 2) { c20 = c21 = Vector512.Create(bias[2]); }
            if (rows > 3) { c30 = c31 = Vector512.Create(bias[3]); }
        }
        else
        {
            c00 = c01 = Vector512<float>.Zero;
        }

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var av = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            if (rows > 1)
            {
                av = Vector512.Create(a[1]);
                c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            }

            if (rows > 2)
            {
                av = Vector512.Create(a[2]);
                c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            }

            if (rows > 3)
            {
                av = Vector512.Create(a[3]);
                c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            }

            a += Rows;
            b += ldb;
        }

        c00.Store(c); c01.Store(c + 16);
        if (rows > 1) { c10.Store(c + ldc); c11.Store(c + ldc + 16); }
        if (rows > 2) { c20.Store(c + (2 * ldc)); c21.Store(c + (2 * ldc) + 16); }
        if (rows > 3) { c30.Store(c + (3 * ldc)); c31.Store(c + (3 * ldc) + 16); }
    }

    /// <summary>
    /// The first <see cref="NarrowColumns"/> columns of <see cref="Full512{TRows}"/>: eight accumulators, B still read from its
    /// 32-column packed micro-panel (the padding columns are never touched); the same chains, bitwise the same results.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow512(float* a, float* b, int ldb, int kc, float* c, int ldc, bool load, float* bias)
    {
        Vector512<float> c0, c1, c2, c3, c4, c5, c6, c7;
        if (load)
        {
            c0 = Vector512.Load(c); c1 = Vector512.Load(c + ldc);
            c2 = Vector512.Load(c + (2 * ldc)); c3 = Vector512.Load(c + (3 * ldc));
            c4 = Vector512.Load(c + (4 * ldc)); c5 = Vector512.Load(c + (5 * ldc));
            c6 = Vector512.Load(c + (6 * ldc)); c7 = Vector512.Load(c + (7 * ldc));
        }
        else if (bias != null)
        {
            c0 = Vector512.Create(bias[0]); c1 = Vector512.Create(bias[1]);
            c2 = Vector512.Create(bias[2]); c3 = Vector512.Create(bias[3]);
            c4 = Vector512.Create(bias[4]); c5 = Vector512.Create(bias[5]);
            c6 = Vector512.Create(bias[6]); c7 = Vector512.Create(bias[7]);
        }
        else
        {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = Vector512<float>.Zero;
        }

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c7);
            a += Rows;
            b += ldb;
        }

        c0.Store(c); c1.Store(c + ldc);
        c2.Store(c + (2 * ldc)); c3.Store(c + (3 * ldc));
        c4.Store(c + (4 * ldc)); c5.Store(c + (5 * ldc));
        c6.Store(c + (6 * ldc)); c7.Store(c + (7 * ldc));
    }

    /// <summary>The no-AVX-512 path: a 4 x 16 quarter of the tile in eight Vector256 accumulators (AVX2 has 16 registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Quarter256(float* a, float* b, int ldb, int kc, float* c, int ldc, bool load, float* bias)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (load)
        {
            c00 = Vector256.Load(c); c01 = Vector256.Load(c + 8);
            c10 = Vector256.Load(c + ldc); c11 = Vector256.Load(c + ldc + 8);
            c20 = Vector256.Load(c + (2 * ldc)); c21 = Vector256.Load(c + (2 * ldc) + 8);
            c30 = Vector256.Load(c + (3 * ldc)); c31 = Vector256.Load(c + (3 * ldc) + 8);
        }
        else
        {
            c00 = c01 = Vector256.Create(bias == null ? 0f : bias[0]);
            c10 = c11 = Vector256.Create(bias == null ? 0f : bias[1]);
            c20 = c21 = Vector256.Create(bias == null ? 0f : bias[2]);
            c30 = c31 = Vector256.Create(bias == null ? 0f : bias[3]);
        }

        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var av = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00); c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10); c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20); c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30); c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            a += Rows;
            b += ldb;
        }

        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + ldc); c11.Store(c + ldc + 8);
        c20.Store(c + (2 * ldc)); c21.Store(c + (2 * ldc) + 8);
        c30.Store(c + (3 * ldc)); c31.Store(c + (3 * ldc) + 8);
    }

    private enum Shape
    {
        Full,
        Short,
        Narrow,
    }

    /// <summary>How <see cref="Full512{TRows}"/> finds B's rows, as a type so each walk compiles to its own loop.</summary>
    private interface IBRows
    {
        /// <summary>True: row p is at b + offsets[p]; false: rows are ldb apart from b.</summary>
        static abstract bool Indexed { get; }
    }

    private readonly struct PackedRows : IBRows
    {
        public static bool Indexed => false;
    }

    private readonly struct OffsetRows : IBRows
    {
        public static bool Indexed => true;
    }
}

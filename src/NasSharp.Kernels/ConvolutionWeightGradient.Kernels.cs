using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The 4 x 4 dot-product tiles of the weight gradient: 16 Vector512 accumulators over 16-position
/// segments (or pairs of 8-position rows), one horizontal sum per tile per chunk of images.
/// Tuned kernels: long on purpose, and unrolled by hand.
/// </summary>
internal static unsafe partial class ConvolutionWeightGradient
{
    /// <summary>
    /// sums[r Tile + c] = sum over the chunk's segments of dY[co + r, q] col[k + c, q]; rows and columns
    /// beyond <paramref name="rows"/> / <paramref name="cols"/> repeat the last valid one (and are ignored).
    /// </summary>
    private static void DotTile(Plan p, float* dy, float* transposedTails, int rows, float* x, int* offsets, int cols, Segments segments, float* sums)
    {
        var plane = p.DyPlane;
        var (d1, d2, d3) = (Math.Min(1, rows - 1) * plane, Math.Min(2, rows - 1) * plane, Math.Min(3, rows - 1) * plane);
        var x0 = x + offsets[0];
        var x1 = x + offsets[Math.Min(1, cols - 1)];
        var x2 = x + offsets[Math.Min(2, cols - 1)];
        var x3 = x + offsets[Math.Min(3, cols - 1)];
        if (p.Paired)
        {
            DotPairs(dy, d1, d2, d3, x0, x1, x2, x3, p.RowStride, (int*)segments.Vectors, segments.VectorCount, sums);
        }
        else
        {
            DotVectors(dy, d1, d2, d3, x0, x1, x2, x3, (int*)segments.Vectors, segments.VectorCount, sums);
        }

        ReadOnlySpan<nint> xRows = [(nint)x0, (nint)x1, (nint)x2, (nint)x3];
        if (transposedTails != null && Avx2.IsSupported)
        {
            AddTransposedTailsFourRows(transposedTails, xRows, cols, segments, sums);
            return;
        }

        ReadOnlySpan<int> dyOffsets = [0, d1, d2, d3];
        AddTails(dy, dyOffsets, xRows, segments, sums);
    }

    /// <summary>
    /// <see cref="DotTile"/> for tiles of 8 output channels by 3 columns of col (8 rows exist; columns beyond
    /// <paramref name="cols"/> repeat the last valid one and are ignored): 24 accumulators, 11 loads per 24 fused
    /// multiply-adds, and each col row streamed from L2 serves 8 rows of dY instead of 4. Every accumulator sees the
    /// same sequence as in the 4 x 4 tile.
    /// </summary>
    private static void DotWideTile(Plan p, float* dy, float* transposedTails, float* x, int* offsets, int cols, Segments segments, float* sums)
    {
        var plane = p.DyPlane;
        var x0 = x + offsets[0];
        var x1 = x + offsets[Math.Min(1, cols - 1)];
        var x2 = x + offsets[Math.Min(2, cols - 1)];
        if (p.Paired)
        {
            DotPairsWide(dy, plane, x0, x1, x2, p.RowStride, (int*)segments.Vectors, segments.VectorCount, sums);
        }
        else
        {
            DotVectorsWide(dy, plane, x0, x1, x2, (int*)segments.Vectors, segments.VectorCount, sums);
        }

        ReadOnlySpan<nint> xRows = [(nint)x0, (nint)x1, (nint)x2];
        if (transposedTails != null && Avx2.IsSupported)
        {
            AddTransposedTailsEightRows(transposedTails, xRows, cols, segments, sums);
            return;
        }

        ReadOnlySpan<int> dyOffsets = [0, plane, 2 * plane, 3 * plane, 4 * plane, 5 * plane, 6 * plane, 7 * plane];
        AddTails(dy, dyOffsets, xRows[..cols], segments, sums);
    }

    /// <summary>
    /// The scalar tails of a tile (row r, column c into sums[r SumStride + c]), after its vector segments. Each (r, c) is
    /// one chain of fused multiply-adds over the tails' positions in order; with AVX2 the tile's rows run as the lanes of
    /// one vector per column (a gather of the rows' dY at each position), so every lane is the same chain as the scalar
    /// loop's (7 x 7 planes have a 1-position tail per image, 14 x 14 a 4-position one).
    /// </summary>
    private static void AddTails(float* dy, ReadOnlySpan<int> dyOffsets, ReadOnlySpan<nint> xRows, Segments segments, float* sums)
    {
        if (segments.TailCount > 0 && xRows.Length <= Tile && Avx2.IsSupported)
        {
            if (dyOffsets.Length == WideRows)
            {
                AddTailsEightRows(dy, dyOffsets, xRows, segments, sums);
                return;
            }

            if (dyOffsets.Length == Tile)
            {
                AddTailsFourRows(dy, dyOffsets, xRows, segments, sums);
                return;
            }
        }

        var tails = (int*)segments.Tails;
        for (var t = 0; t < segments.TailCount; t++)
        {
            var (dyOffset, xOffset, length) = (tails[3 * t], tails[(3 * t) + 1], tails[(3 * t) + 2]);
            for (var r = 0; r < dyOffsets.Length; r++)
            {
                for (var c = 0; c < xRows.Length; c++)
                {
                    var a = dy + dyOffset + dyOffsets[r];
                    var b = (float*)xRows[c] + xOffset;
                    var sum = sums[(r * SumStride) + c];
                    for (var i = 0; i < length; i++)
                    {
                        sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
                    }

                    sums[(r * SumStride) + c] = sum;
                }
            }
        }
    }

    /// <summary><see cref="AddTails"/> for 8 rows: lane r of column c's vector is sums[r SumStride + c].</summary>
    private static void AddTailsEightRows(float* dy, ReadOnlySpan<int> dyOffsets, ReadOnlySpan<nint> xRows, Segments segments, float* sums)
    {
        var rows = Vector256.Create(dyOffsets);
        var columnIndex = Vector256.Create(0, SumStride, 2 * SumStride, 3 * SumStride, 4 * SumStride, 5 * SumStride, 6 * SumStride, 7 * SumStride);
        var cols = xRows.Length;
        var x0 = (float*)xRows[0];
        var x1 = (float*)xRows[Math.Min(1, cols - 1)];
        var x2 = (float*)xRows[Math.Min(2, cols - 1)];
        var x3 = (float*)xRows[Math.Min(3, cols - 1)];
        var s0 = Avx2.GatherVector256(sums, columnIndex, 4);
        var s1 = Avx2.GatherVector256(sums + Math.Min(1, cols - 1), columnIndex, 4);
        var s2 = Avx2.GatherVector256(sums + Math.Min(2, cols - 1), columnIndex, 4);
        var s3 = Avx2.GatherVector256(sums + Math.Min(3, cols - 1), columnIndex, 4);
        var tails = (int*)segments.Tails;
        for (var t = 0; t < segments.TailCount; t++)
        {
            var (dyOffset, xOffset, length) = (tails[3 * t], tails[(3 * t) + 1], tails[(3 * t) + 2]);
            for (var i = 0; i < length; i++)
            {
                var a = Avx2.GatherVector256(dy + dyOffset + i, rows, 4);
                var q = xOffset + i;
                s0 = Vector256.FusedMultiplyAdd(a, Vector256.Create(x0[q]), s0);
                s1 = Vector256.FusedMultiplyAdd(a, Vector256.Create(x1[q]), s1);
                s2 = Vector256.FusedMultiplyAdd(a, Vector256.Create(x2[q]), s2);
                s3 = Vector256.FusedMultiplyAdd(a, Vector256.Create(x3[q]), s3);
            }
        }

        var columns = stackalloc float[4 * WideRows];
        s0.Store(columns);
        s1.Store(columns + WideRows);
        s2.Store(columns + (2 * WideRows));
        s3.Store(columns + (3 * WideRows));
        StoreColumns(columns, WideRows, cols, sums);
    }

    /// <summary><see cref="AddTails"/> for 4 rows (some may repeat a row: their lanes are computed and ignored alike).</summary>
    private static void AddTailsFourRows(float* dy, ReadOnlySpan<int> dyOffsets, ReadOnlySpan<nint> xRows, Segments segments, float* sums)
    {
        var rows = Vector128.Create(dyOffsets);
        var columnIndex = Vector128.Create(0, SumStride, 2 * SumStride, 3 * SumStride);
        var cols = xRows.Length;
        var x0 = (float*)xRows[0];
        var x1 = (float*)xRows[Math.Min(1, cols - 1)];
        var x2 = (float*)xRows[Math.Min(2, cols - 1)];
        var x3 = (float*)xRows[Math.Min(3, cols - 1)];
        var s0 = Avx2.GatherVector128(sums, columnIndex, 4);
        var s1 = Avx2.GatherVector128(sums + Math.Min(1, cols - 1), columnIndex, 4);
        var s2 = Avx2.GatherVector128(sums + Math.Min(2, cols - 1), columnIndex, 4);
        var s3 = Avx2.GatherVector128(sums + Math.Min(3, cols - 1), columnIndex, 4);
        var tails = (int*)segments.Tails;
        for (var t = 0; t < segments.TailCount; t++)
        {
            var (dyOffset, xOffset, length) = (tails[3 * t], tails[(3 * t) + 1], tails[(3 * t) + 2]);
            for (var i = 0; i < length; i++)
            {
                var a = Avx2.GatherVector128(dy + dyOffset + i, rows, 4);
                var q = xOffset + i;
                s0 = Vector128.FusedMultiplyAdd(a, Vector128.Create(x0[q]), s0);
                s1 = Vector128.FusedMultiplyAdd(a, Vector128.Create(x1[q]), s1);
                s2 = Vector128.FusedMultiplyAdd(a, Vector128.Create(x2[q]), s2);
                s3 = Vector128.FusedMultiplyAdd(a, Vector128.Create(x3[q]), s3);
            }
        }

        var columns = stackalloc float[4 * Tile];
        s0.Store(columns);
        s1.Store(columns + Tile);
        s2.Store(columns + (2 * Tile));
        s3.Store(columns + (3 * Tile));
        StoreColumns(columns, Tile, cols, sums);
    }

    /// <summary>
    /// <see cref="AddTailsEightRows"/> from the chunk's transposed tails (<see cref="Plan.RestageOutputGrad"/>): the 8 rows'
    /// output gradient at a tail position is one 8-float run, one load where <see cref="AddTailsEightRows"/> gathers, and only
    /// the tile's 3 columns are multiplied (<paramref name="xRows"/> holds 3, the last repeated when <paramref
    /// name="cols"/> is smaller). Lane r of column c runs the same chain of fused multiply-adds over the same values.
    /// </summary>
    private static void AddTransposedTailsEightRows(float* transposed, ReadOnlySpan<nint> xRows, int cols, Segments segments, float* sums)
    {
        var columnIndex = Vector256.Create(0, SumStride, 2 * SumStride, 3 * SumStride, 4 * SumStride, 5 * SumStride, 6 * SumStride, 7 * SumStride);
        var x0 = (float*)xRows[0];
        var x1 = (float*)xRows[1];
        var x2 = (float*)xRows[2];
        var s0 = Avx2.GatherVector256(sums, columnIndex, 4);
        var s1 = Avx2.GatherVector256(sums + Math.Min(1, cols - 1), columnIndex, 4);
        var s2 = Avx2.GatherVector256(sums + Math.Min(2, cols - 1), columnIndex, 4);
        var tails = (int*)segments.Tails;
        var rows = transposed;
        for (var t = 0; t < segments.TailCount; t++)
        {
            var (xOffset, length) = (tails[(3 * t) + 1], tails[(3 * t) + 2]);
            for (var i = 0; i < length; i++, rows += WideRows)
            {
                var a = Vector256.Load(rows);
                var q = xOffset + i;
                s0 = Vector256.FusedMultiplyAdd(a, Vector256.Create(x0[q]), s0);
                s1 = Vector256.FusedMultiplyAdd(a, Vector256.Create(x1[q]), s1);
                s2 = Vector256.FusedMultiplyAdd(a, Vector256.Create(x2[q]), s2);
            }
        }

        var columns = stackalloc float[3 * WideRows];
        s0.Store(columns);
        s1.Store(columns + WideRows);
        s2.Store(columns + (2 * WideRows));
        StoreColumns(columns, WideRows, cols, sums);
    }

    /// <summary><see cref="AddTransposedTailsEightRows"/> for 4 x 4 tiles (<see cref="AddTailsFourRows"/> without its gathers).</summary>
    private static void AddTransposedTailsFourRows(float* transposed, ReadOnlySpan<nint> xRows, int cols, Segments segments, float* sums)
    {
        var x0 = (float*)xRows[0];
        var x1 = (float*)xRows[1];
        var x2 = (float*)xRows[2];
        var x3 = (float*)xRows[3];
        var columnIndex = Vector128.Create(0, SumStride, 2 * SumStride, 3 * SumStride);
        var s0 = Avx2.GatherVector128(sums, columnIndex, 4);
        var s1 = Avx2.GatherVector128(sums + Math.Min(1, cols - 1), columnIndex, 4);
        var s2 = Avx2.GatherVector128(sums + Math.Min(2, cols - 1), columnIndex, 4);
        var s3 = Avx2.GatherVector128(sums + Math.Min(3, cols - 1), columnIndex, 4);
        var tails = (int*)segments.Tails;
        var rows = transposed;
        for (var t = 0; t < segments.TailCount; t++)
        {
            var (xOffset, length) = (tails[(3 * t) + 1], tails[(3 * t) + 2]);
            for (var i = 0; i < length; i++, rows += Tile)
            {
                var a = Vector128.Load(rows);
                var q = xOffset + i;
                s0 = Vector128.FusedMultiplyAdd(a, Vector128.Create(x0[q]), s0);
                s1 = Vector128.FusedMultiplyAdd(a, Vector128.Create(x1[q]), s1);
                s2 = Vector128.FusedMultiplyAdd(a, Vector128.Create(x2[q]), s2);
                s3 = Vector128.FusedMultiplyAdd(a, Vector128.Create(x3[q]), s3);
            }
        }

        var columns = stackalloc float[4 * Tile];
        s0.Store(columns);
        s1.Store(columns + Tile);
        s2.Store(columns + (2 * Tile));
        s3.Store(columns + (3 * Tile));
        StoreColumns(columns, Tile, cols, sums);
    }

    /// <summary>sums[r SumStride + c] = columns[c rows + r] for the tile's rows and its valid columns.</summary>
    private static void StoreColumns(float* columns, int rows, int cols, float* sums)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                sums[(r * SumStride) + c] = columns[(c * rows) + r];
            }
        }
    }

    /// <summary>The 4 x 4 dot-product kernel over 16-position segments: 16 accumulators, 8 loads per 16 fused multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotVectors(float* dy, int d1, int d2, int d3, float* x0, float* x1, float* x2, float* x3, int* segments, int count, float* sums)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
        for (var s = 0; s < count; s++)
        {
            var y = dy + segments[2 * s];
            var xo = segments[(2 * s) + 1];
            var (y0, y1, y2, y3) = (Vector512.Load(y), Vector512.Load(y + d1), Vector512.Load(y + d2), Vector512.Load(y + d3));
            var xv = Vector512.Load(x0 + xo);
            a00 = Vector512.FusedMultiplyAdd(y0, xv, a00); a10 = Vector512.FusedMultiplyAdd(y1, xv, a10); a20 = Vector512.FusedMultiplyAdd(y2, xv, a20); a30 = Vector512.FusedMultiplyAdd(y3, xv, a30);
            xv = Vector512.Load(x1 + xo);
            a01 = Vector512.FusedMultiplyAdd(y0, xv, a01); a11 = Vector512.FusedMultiplyAdd(y1, xv, a11); a21 = Vector512.FusedMultiplyAdd(y2, xv, a21); a31 = Vector512.FusedMultiplyAdd(y3, xv, a31);
            xv = Vector512.Load(x2 + xo);
            a02 = Vector512.FusedMultiplyAdd(y0, xv, a02); a12 = Vector512.FusedMultiplyAdd(y1, xv, a12); a22 = Vector512.FusedMultiplyAdd(y2, xv, a22); a32 = Vector512.FusedMultiplyAdd(y3, xv, a32);
            xv = Vector512.Load(x3 + xo);
            a03 = Vector512.FusedMultiplyAdd(y0, xv, a03); a13 = Vector512.FusedMultiplyAdd(y1, xv, a13); a23 = Vector512.FusedMultiplyAdd(y2, xv, a23); a33 = Vector512.FusedMultiplyAdd(y3, xv, a33);
        }

        LaneSums.Sixteen(a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33).Store(sums);
    }

    /// <summary><see cref="DotVectors"/> for 8-position rows: a segment is two rows, the col rows <paramref name="rowStride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotPairs(float* dy, int d1, int d2, int d3, float* x0, float* x1, float* x2, float* x3, int rowStride, int* segments, int count, float* sums)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
        for (var s = 0; s < count; s++)
        {
            var y = dy + segments[2 * s];
            var xo = segments[(2 * s) + 1];
            var (y0, y1, y2, y3) = (Vector512.Load(y), Vector512.Load(y + d1), Vector512.Load(y + d2), Vector512.Load(y + d3));
            var xv = Pair(x0 + xo, rowStride);
            a00 = Vector512.FusedMultiplyAdd(y0, xv, a00); a10 = Vector512.FusedMultiplyAdd(y1, xv, a10); a20 = Vector512.FusedMultiplyAdd(y2, xv, a20); a30 = Vector512.FusedMultiplyAdd(y3, xv, a30);
            xv = Pair(x1 + xo, rowStride);
            a01 = Vector512.FusedMultiplyAdd(y0, xv, a01); a11 = Vector512.FusedMultiplyAdd(y1, xv, a11); a21 = Vector512.FusedMultiplyAdd(y2, xv, a21); a31 = Vector512.FusedMultiplyAdd(y3, xv, a31);
            xv = Pair(x2 + xo, rowStride);
            a02 = Vector512.FusedMultiplyAdd(y0, xv, a02); a12 = Vector512.FusedMultiplyAdd(y1, xv, a12); a22 = Vector512.FusedMultiplyAdd(y2, xv, a22); a32 = Vector512.FusedMultiplyAdd(y3, xv, a32);
            xv = Pair(x3 + xo, rowStride);
            a03 = Vector512.FusedMultiplyAdd(y0, xv, a03); a13 = Vector512.FusedMultiplyAdd(y1, xv, a13); a23 = Vector512.FusedMultiplyAdd(y2, xv, a23); a33 = Vector512.FusedMultiplyAdd(y3, xv, a33);
        }

        LaneSums.Sixteen(a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33).Store(sums);
    }

    /// <summary>Two 8-float rows, <paramref name="stride"/> apart, as one vector (a row pair of an 8-wide plane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pair(float* row, int stride) =>
        Avx512F.IsSupported
            ? Avx512F.InsertVector256(Vector256.Load(row).ToVector512Unsafe(), Vector256.Load(row + stride), 1)
            : Vector512.Create(Vector256.Load(row), Vector256.Load(row + stride));

    /// <summary>The 8 x 3 dot-product kernel over 16-position segments (dY rows <paramref name="plane"/> apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotVectorsWide(float* dy, long plane, float* x0, float* x1, float* x2, int* segments, int count, float* sums)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a10 = default, a11 = default, a12 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a30 = default, a31 = default, a32 = default;
        Vector512<float> a40 = default, a41 = default, a42 = default, a50 = default, a51 = default, a52 = default;
        Vector512<float> a60 = default, a61 = default, a62 = default, a70 = default, a71 = default, a72 = default;
        for (var s = 0; s < count; s++)
        {
            var y = dy + segments[2 * s];
            var xo = segments[(2 * s) + 1];
            var (v0, v1, v2) = (Vector512.Load(x0 + xo), Vector512.Load(x1 + xo), Vector512.Load(x2 + xo));
            var yv = Vector512.Load(y);
            a00 = Vector512.FusedMultiplyAdd(yv, v0, a00); a01 = Vector512.FusedMultiplyAdd(yv, v1, a01); a02 = Vector512.FusedMultiplyAdd(yv, v2, a02);
            yv = Vector512.Load(y + plane);
            a10 = Vector512.FusedMultiplyAdd(yv, v0, a10); a11 = Vector512.FusedMultiplyAdd(yv, v1, a11); a12 = Vector512.FusedMultiplyAdd(yv, v2, a12);
            yv = Vector512.Load(y + (2 * plane));
            a20 = Vector512.FusedMultiplyAdd(yv, v0, a20); a21 = Vector512.FusedMultiplyAdd(yv, v1, a21); a22 = Vector512.FusedMultiplyAdd(yv, v2, a22);
            yv = Vector512.Load(y + (3 * plane));
            a30 = Vector512.FusedMultiplyAdd(yv, v0, a30); a31 = Vector512.FusedMultiplyAdd(yv, v1, a31); a32 = Vector512.FusedMultiplyAdd(yv, v2, a32);
            yv = Vector512.Load(y + (4 * plane));
            a40 = Vector512.FusedMultiplyAdd(yv, v0, a40); a41 = Vector512.FusedMultiplyAdd(yv, v1, a41); a42 = Vector512.FusedMultiplyAdd(yv, v2, a42);
            yv = Vector512.Load(y + (5 * plane));
            a50 = Vector512.FusedMultiplyAdd(yv, v0, a50); a51 = Vector512.FusedMultiplyAdd(yv, v1, a51); a52 = Vector512.FusedMultiplyAdd(yv, v2, a52);
            yv = Vector512.Load(y + (6 * plane));
            a60 = Vector512.FusedMultiplyAdd(yv, v0, a60); a61 = Vector512.FusedMultiplyAdd(yv, v1, a61); a62 = Vector512.FusedMultiplyAdd(yv, v2, a62);
            yv = Vector512.Load(y + (7 * plane));
            a70 = Vector512.FusedMultiplyAdd(yv, v0, a70); a71 = Vector512.FusedMultiplyAdd(yv, v1, a71); a72 = Vector512.FusedMultiplyAdd(yv, v2, a72);
        }

        // Inline, not a call: accumulators live across a call would be spilled inside the loop. Rows of sums are
        // SumStride = 4 apart, so each row's fourth lane takes a repeat of its third column (never read).
        LaneSums.Sixteen(a00, a01, a02, a02, a10, a11, a12, a12, a20, a21, a22, a22, a30, a31, a32, a32).Store(sums);
        LaneSums.Sixteen(a40, a41, a42, a42, a50, a51, a52, a52, a60, a61, a62, a62, a70, a71, a72, a72).Store(sums + 16);
    }

    /// <summary><see cref="DotVectorsWide"/> for 8-position rows: a segment is two rows, the col rows <paramref name="rowStride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotPairsWide(float* dy, long plane, float* x0, float* x1, float* x2, int rowStride, int* segments, int count, float* sums)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a10 = default, a11 = default, a12 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a30 = default, a31 = default, a32 = default;
        Vector512<float> a40 = default, a41 = default, a42 = default, a50 = default, a51 = default, a52 = default;
        Vector512<float> a60 = default, a61 = default, a62 = default, a70 = default, a71 = default, a72 = default;
        for (var s = 0; s < count; s++)
        {
            var y = dy + segments[2 * s];
            var xo = segments[(2 * s) + 1];
            var (v0, v1, v2) = (Pair(x0 + xo, rowStride), Pair(x1 + xo, rowStride), Pair(x2 + xo, rowStride));
            var yv = Vector512.Load(y);
            a00 = Vector512.FusedMultiplyAdd(yv, v0, a00); a01 = Vector512.FusedMultiplyAdd(yv, v1, a01); a02 = Vector512.FusedMultiplyAdd(yv, v2, a02);
            yv = Vector512.Load(y + plane);
            a10 = Vector512.FusedMultiplyAdd(yv, v0, a10); a11 = Vector512.FusedMultiplyAdd(yv, v1, a11); a12 = Vector512.FusedMultiplyAdd(yv, v2, a12);
            yv = Vector512.Load(y + (2 * plane));
            a20 = Vector512.FusedMultiplyAdd(yv, v0, a20); a21 = Vector512.FusedMultiplyAdd(yv, v1, a21); a22 = Vector512.FusedMultiplyAdd(yv, v2, a22);
            yv = Vector512.Load(y + (3 * plane));
            a30 = Vector512.FusedMultiplyAdd(yv, v0, a30); a31 = Vector512.FusedMultiplyAdd(yv, v1, a31); a32 = Vector512.FusedMultiplyAdd(yv, v2, a32);
            yv = Vector512.Load(y + (4 * plane));
            a40 = Vector512.FusedMultiplyAdd(yv, v0, a40); a41 = Vector512.FusedMultiplyAdd(yv, v1, a41); a42 = Vector512.FusedMultiplyAdd(yv, v2, a42);
            yv = Vector512.Load(y + (5 * plane));
            a50 = Vector512.FusedMultiplyAdd(yv, v0, a50); a51 = Vector512.FusedMultiplyAdd(yv, v1, a51); a52 = Vector512.FusedMultiplyAdd(yv, v2, a52);
            yv = Vector512.Load(y + (6 * plane));
            a60 = Vector512.FusedMultiplyAdd(yv, v0, a60); a61 = Vector512.FusedMultiplyAdd(yv, v1, a61); a62 = Vector512.FusedMultiplyAdd(yv, v2, a62);
            yv = Vector512.Load(y + (7 * plane));
            a70 = Vector512.FusedMultiplyAdd(yv, v0, a70); a71 = Vector512.FusedMultiplyAdd(yv, v1, a71); a72 = Vector512.FusedMultiplyAdd(yv, v2, a72);
        }

        // Inline, not a call: accumulators live across a call would be spilled inside the loop. Rows of sums are
        // SumStride = 4 apart, so each row's fourth lane takes a repeat of its third column (never read).
        LaneSums.Sixteen(a00, a01, a02, a02, a10, a11, a12, a12, a20, a21, a22, a22, a30, a31, a32, a32).Store(sums);
        LaneSums.Sixteen(a40, a41, a42, a42, a50, a51, a52, a52, a60, a61, a62, a62, a70, a71, a72, a72).Store(sums + 16);
    }

    /// <summary>A chunk's segment lists (addresses of per-thread scratch).</summary>
    private readonly record struct Segments(nint Vectors, int VectorCount, nint Tails, int TailCount);
}

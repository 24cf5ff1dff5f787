using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// 3 x 3 max pooling at padding 1 (DARTS's max_pool_3x3: stride 1 in normal cells on 32 x 32, 16 x 16 and 8 x 8 maps,
/// stride 2 in reduction cells from 32 x 32 and 16 x 16) streamed down the plane in registers, as
/// <see cref="AveragePooling"/>'s 3 x 3 path: a row's left and right neighbours come from loaded vectors by one permute
/// each (-infinity past the plane's edge; at stride 2 a row's even and odd columns by one permute each), each input
/// row's maxima over the window's three columns are taken once, and each output takes the maxima of the rows above, at
/// and below it. The same row-then-column order as <see cref="MaxPoolingSeparable"/> (left, centre, right; above, at,
/// below, with its comparison), so values and indices are those of the row-major scan, without staging a padded plane
/// or the row maxima in memory. Rows of 4 to 8 go 16 / W whole rows to a vector (an 8 x 8 plane is four vectors, a 7 x 7
/// plane four, the last half used); rows of 9 to 31 that are not whole vectors (the 28 x 28 and 14 x 14 maps of
/// Fashion-MNIST images) read their last vector under a mask of the row's lanes, the others -infinity, as past the
/// plane's edge, and write it under the same mask; so do the even rows of 10 to 30 at stride 2 (28 -> 14 and 14 -> 7 in
/// the reduction cells on such images; rows of 8 ran 0.94x here against the two-pass path).
/// </summary>
internal static unsafe class MaxPoolingThreeByThree
{
    private const int Width = 16;

    /// <summary>Whether this path runs <paramref name="g"/> on this machine.</summary>
    public static bool Covers(Pool2dGeometry g) =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && g.Kernel == 3 && g.Padding == 1 &&
        (g.Stride == 1 ? g.W % Width == 0 || g.W is >= 4 and < 2 * Width : g.Stride == 2 && g.W % 2 == 0 && g.W is >= 10 and <= 2 * Width);

    private static Vector512<int> EvenLanes => Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

    private static Vector512<int> OddLanes => Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);

    private static Vector512<int> Lanes => Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    /// <summary>
    /// y = 3 x 3 max pooling of the <paramref name="planes"/> planes from <paramref name="x"/> (to <paramref name="y"/>);
    /// <paramref name="argmax"/> (or null) gets h W + w of each maximum.
    /// </summary>
    public static void Planes(Pool2dGeometry g, float* x, float* y, int* argmax, int planes)
    {
        if (g.Stride == 1 && g.W <= 8)
        {
            if (MaxPoolingSteps.HasNaN(x, (long)planes * g.InPlane))
            {
                RowGroups<MaxPoolingSteps.NaNAware>(g, x, y, argmax, planes);
            }
            else
            {
                RowGroups<MaxPoolingSteps.Ordered>(g, x, y, argmax, planes);
            }

            return;
        }

        for (var p = 0; p < planes; p++)
        {
            var planeX = x + ((long)p * g.InPlane);
            var planeY = y + ((long)p * g.OutPlane);
            var planeIndex = argmax == null ? null : argmax + ((long)p * g.OutPlane);
            if (MaxPoolingSteps.HasNaN(planeX, g.InPlane))
            {
                Plane<MaxPoolingSteps.NaNAware>(g, planeX, planeY, planeIndex);
            }
            else
            {
                Plane<MaxPoolingSteps.Ordered>(g, planeX, planeY, planeIndex);
            }
        }
    }

    private static void Plane<TStep>(Pool2dGeometry g, float* x, float* y, int* argmax)
        where TStep : struct, MaxPoolingSteps.IStep
    {
        if (g.Stride == 2 && g.W is Width or 2 * Width)
        {
            StrideTwo<WholeVectors, TStep>(g, x, y, argmax);
        }
        else if (g.Stride == 2)
        {
            StrideTwo<MaskedEnd, TStep>(g, x, y, argmax);
        }
        else if (g.W % Width == 0)
        {
            RowsOfVectors<WholeVectors, TStep>(g, x, y, argmax);
        }
        else
        {
            RowsOfVectors<MaskedEnd, TStep>(g, x, y, argmax);
        }
    }

    /// <summary>How a row ends: in a whole vector, or in one read and written under a mask (a type, so each kind compiles apart).</summary>
    private interface IRowEnd
    {
        static abstract bool Masked { get; }
    }

    private readonly struct WholeVectors : IRowEnd
    {
        public static bool Masked => false;
    }

    private readonly struct MaskedEnd : IRowEnd
    {
        public static bool Masked => true;
    }

    /// <summary>Lane i of the left neighbours: element 15 of the vector before, then elements 0 to 14 of the centre.</summary>
    private static Vector512<int> FromLeft => Vector512.Create(15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);

    /// <summary>Lane i of the right neighbours: elements 1 to 15 of the centre, then element 0 of the vector after.</summary>
    private static Vector512<int> FromRight => Vector512.Create(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

    /// <summary>
    /// Stride 1: each column of vectors streamed down the plane; with <typeparamref name="TEnd"/> masked, the row's last
    /// vector holds only its lanes <paramref name="g"/>.W - column (loaded with -infinity past them, stored under the mask).
    /// </summary>
    private static void RowsOfVectors<TEnd, TStep>(Pool2dGeometry g, float* x, float* y, int* argmax)
        where TEnd : struct, IRowEnd
        where TStep : struct, MaxPoolingSteps.IStep
    {
        var (height, width) = (g.H, g.W);
        var lanes = Lanes;
        for (var column = 0; column < width; column += Width)
        {
            var (hasLeft, hasRight) = (column > 0, column + Width < width);
            var masks = new RowMasks(Vector512.LessThan(lanes, Vector512.Create(width - column)), Vector512.LessThan(lanes, Vector512.Create(width - column - Width)));

            // Index of each lane's window's first real column (column - 1, or 0 at the plane's left edge).
            var firstColumn = Vector512.Max(lanes + Vector512.Create(column - 1), Vector512<int>.Zero);
            var (aboveMax, aboveAt) = (Vector512<float>.Zero, Vector512<int>.Zero);
            var (rowMax, rowAt) = RowMaxima<TEnd, TStep>(x, width, 0, column, hasLeft, hasRight, lanes, masks);
            for (var h = 0; h < height; h++)
            {
                var (max, at) = (Vector512.Create(float.NegativeInfinity), firstColumn + Vector512.Create(Math.Max(h - 1, 0) * width));
                if (h > 0)
                {
                    TStep.Take(aboveMax, aboveAt, ref max, ref at);
                }

                TStep.Take(rowMax, rowAt, ref max, ref at);
                (aboveMax, aboveAt) = (rowMax, rowAt);
                if (h + 1 < height)
                {
                    (rowMax, rowAt) = RowMaxima<TEnd, TStep>(x, width, h + 1, column, hasLeft, hasRight, lanes, masks);
                    TStep.Take(rowMax, rowAt, ref max, ref at);
                }

                var offset = ((long)h * width) + column;
                if (TEnd.Masked && !hasRight)
                {
                    Avx512F.MaskStore(y + offset, masks.Centre.AsSingle(), max);
                    if (argmax != null)
                    {
                        Avx512F.MaskStore(argmax + offset, masks.Centre, at);
                    }

                    continue;
                }

                max.Store(y + offset);
                if (argmax != null)
                {
                    at.Store(argmax + offset);
                }
            }
        }
    }

    /// <summary>The lanes inside the row of a column's vector (<see cref="Centre"/>) and of the vector after it (<see cref="Right"/>).</summary>
    private readonly record struct RowMasks(Vector512<int> Centre, Vector512<int> Right);

    /// <summary>
    /// The maxima of row <paramref name="h"/> over columns c - 1, c, c + 1 for the 16 columns from <paramref name="column"/>,
    /// with their plane indices (h W + that column). A row whose maximum is -infinity never wins the column step, so the
    /// index it carries then does not matter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Max, Vector512<int> At) RowMaxima<TEnd, TStep>(float* x, int width, int h, int column, bool hasLeft, bool hasRight, Vector512<int> lanes, RowMasks masks)
        where TEnd : struct, IRowEnd
        where TStep : struct, MaxPoolingSteps.IStep
    {
        var row = x + ((long)h * width) + column;
        var infinity = Vector512.Create(float.NegativeInfinity);
        var centre = TEnd.Masked && !hasRight ? Avx512F.MaskLoad(row, masks.Centre.AsSingle(), infinity) : Vector512.Load(row);
        var left = Avx512F.PermuteVar16x32x2(hasLeft ? Vector512.Load(row - Width) : infinity, FromLeft, centre);
        var next = !hasRight ? infinity : TEnd.Masked ? Avx512F.MaskLoad(row + Width, masks.Right.AsSingle(), infinity) : Vector512.Load(row + Width);
        var right = Avx512F.PermuteVar16x32x2(centre, FromRight, next);
        var index = lanes + Vector512.Create((h * width) + column);
        var (max, at) = (infinity, index);
        TStep.Take(left, index - Vector512<int>.One, ref max, ref at);
        TStep.Take(centre, index, ref max, ref at);
        TStep.Take(right, index + Vector512<int>.One, ref max, ref at);
        return (max, at);
    }
    /// <summary>
    /// Stride 1, rows of 4 to 8, <paramref name="planes"/> planes one after another: vector k of a plane holds R = 16 / W
    /// whole rows, kR to kR + R - 1, end to end (lane i is row kR + i / W, column i mod W, plane index kRW + i; lanes past
    /// RW unused, and in the last vector lanes past the plane loaded as -infinity and not stored). A row's left and right
    /// neighbours are one permute each from its vector (-infinity at the row's ends); the rows above a vector's outputs
    /// are the previous vector's last row and this vector's rows but its last, those below this vector's rows but its
    /// first and the next vector's first row, one two-vector permute each. The lane tables are loaded once for all the
    /// planes (once a plane, they cost as much as the plane's four vectors). Compiled at full optimisation
    /// at once: it runs once per block of planes, so tiered compilation (on-stack replacement, the profile of a few
    /// calls) decided its speed, 2.5x apart from one process to the next.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RowGroups<TStep>(Pool2dGeometry g, float* x, float* y, int* argmax, int planes)
        where TStep : struct, MaxPoolingSteps.IStep
    {
        ref readonly var tables = ref GroupTables[g.W];
        var (fromLeft, fromRight, above, below) = (tables.FromLeft, tables.FromRight, tables.Above, tables.Below);
        var (windowStart, firstColumn, infinity) = (tables.WindowStart, tables.FirstColumn, Vector512.Create(float.NegativeInfinity));
        var (used, length) = (tables.UsedLanes, g.InPlane);
        for (var p = 0; p < planes; p++)
        {
            var input = x + ((long)p * length);
            var output = y + ((long)p * length);
            var indices = argmax == null ? null : argmax + ((long)p * length);
            var (aboveMax, aboveAt) = (infinity, Vector512<int>.Zero);
            var (groupMax, groupAt) = GroupMaxima<TStep>(input, 0, length, used, fromLeft, fromRight, infinity);
            for (var offset = 0; offset < length; offset += used)
            {
                var next = offset + used;
                var (nextMax, nextAt) = next < length ? GroupMaxima<TStep>(input + next, next, length - next, used, fromLeft, fromRight, infinity) : (infinity, Vector512<int>.Zero);
                var (max, at) = (infinity, Vector512.Max(windowStart + Vector512.Create(offset), firstColumn));
                TStep.Take(Avx512F.PermuteVar16x32x2(aboveMax, above, groupMax), Avx512F.PermuteVar16x32x2(aboveAt, above, groupAt), ref max, ref at);
                TStep.Take(groupMax, groupAt, ref max, ref at);
                TStep.Take(Avx512F.PermuteVar16x32x2(groupMax, below, nextMax), Avx512F.PermuteVar16x32x2(groupAt, below, nextAt), ref max, ref at);

                // A vector before the plane's last is stored whole: lanes past its rows are rewritten by the next one.
                if (next < length)
                {
                    max.Store(output + offset);
                    if (indices != null)
                    {
                        at.Store(indices + offset);
                    }
                }
                else
                {
                    var stored = InPlaneLanes(length - offset, used);
                    Avx512F.MaskStore(output + offset, stored.AsSingle(), max);
                    if (indices != null)
                    {
                        Avx512F.MaskStore(indices + offset, stored, at);
                    }
                }

                (aboveMax, aboveAt, groupMax, groupAt) = (groupMax, groupAt, nextMax, nextAt);
            }
        }
    }

    /// <summary>The lanes of a vector of <paramref name="used"/> lanes with <paramref name="rest"/> elements of the plane from its first on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> InPlaneLanes(int rest, int used) => Vector512.LessThan(Lanes, Vector512.Create(Math.Min(used, rest)));

    /// <summary>
    /// The maxima of a vector's rows (its first element at <paramref name="x"/>, plane index <paramref name="offset"/>,
    /// <paramref name="rest"/> elements of the plane from there on) over columns c - 1, c, c + 1, with their plane
    /// indices. With 16 or more elements left the vector is loaded whole (its unused lanes never reach a used one).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Max, Vector512<int> At) GroupMaxima<TStep>(float* x, int offset, int rest, int used, Vector512<int> fromLeft, Vector512<int> fromRight, Vector512<float> infinity)
        where TStep : struct, MaxPoolingSteps.IStep
    {
        var centre = rest >= Width ? Vector512.Load(x) : Avx512F.MaskLoad(x, InPlaneLanes(rest, used).AsSingle(), infinity);
        var index = Lanes + Vector512.Create(offset);
        var (max, at) = (infinity, index);
        TStep.Take(Avx512F.PermuteVar16x32x2(centre, fromLeft, infinity), index - Vector512<int>.One, ref max, ref at);
        TStep.Take(centre, index, ref max, ref at);
        TStep.Take(Avx512F.PermuteVar16x32x2(centre, fromRight, infinity), index + Vector512<int>.One, ref max, ref at);
        return (max, at);
    }

    /// <summary>The lane tables of <see cref="RowGroups"/> for every row width 4 to 8 (at its index).</summary>
    private static readonly RowGroupTables[] GroupTables = [.. Enumerable.Range(0, 9).Select(width => width >= 4 ? new RowGroupTables(width) : default)];

    /// <summary>The lane tables of <see cref="RowGroups"/> for rows of one width (4 to 8).</summary>
    private readonly struct RowGroupTables
    {
        public RowGroupTables(int width)
        {
            var rows = Width / width;
            var lanes = Lanes;
            var row = Vector512<int>.Zero;
            for (var r = 1; r < rows; r++)
            {
                row -= Vector512.GreaterThanOrEqual(lanes, Vector512.Create(r * width));
            }

            var column = lanes - (row * Vector512.Create(width));
            var infinityLane = Vector512.Create(Width);
            var used = Vector512.LessThan(lanes, Vector512.Create(rows * width));
            UsedLanes = rows * width;
            FirstColumn = Vector512.Max(column - Vector512<int>.One, Vector512<int>.Zero);
            WindowStart = ((row - Vector512<int>.One) * Vector512.Create(width)) + FirstColumn;
            FromLeft = Vector512.ConditionalSelect(Vector512.GreaterThan(column, Vector512<int>.Zero) & used, lanes - Vector512<int>.One, infinityLane);
            FromRight = Vector512.ConditionalSelect(Vector512.LessThan(column, Vector512.Create(width - 1)) & used, lanes + Vector512<int>.One, infinityLane);
            Above = Vector512.ConditionalSelect(Vector512.GreaterThan(row, Vector512<int>.Zero), lanes + Vector512.Create(Width - width), column + Vector512.Create((rows - 1) * width));
            Below = Vector512.ConditionalSelect(Vector512.LessThan(row, Vector512.Create(rows - 1)), lanes + Vector512.Create(width), column + Vector512.Create(Width));
        }

        /// <summary>Lanes a vector holds: R W.</summary>
        public int UsedLanes { get; }

        /// <summary>Each lane's window's first real column (column - 1, or 0 at the row's start).</summary>
        public Vector512<int> FirstColumn { get; }

        /// <summary>
        /// Each lane's window's first element in vector 0 if there were a row above it, (row - 1) W + its first column: in
        /// the vector at plane index o add o, and take the larger of that and <see cref="FirstColumn"/> (the plane's top row).
        /// </summary>
        public Vector512<int> WindowStart { get; }

        /// <summary>Lane i's left neighbour in its vector, or lane 16 (-infinity) at a row's start.</summary>
        public Vector512<int> FromLeft { get; }

        /// <summary>Lane i's right neighbour in its vector, or lane 16 (-infinity) at a row's end.</summary>
        public Vector512<int> FromRight { get; }

        /// <summary>Lane i's row above, from the previous vector (lanes 0-15) and this one (16-31).</summary>
        public Vector512<int> Above { get; }

        /// <summary>Lane i's row below, from this vector (lanes 0-15) and the next one (16-31).</summary>
        public Vector512<int> Below { get; }
    }

    /// <summary>
    /// Stride 2 from rows of 32 (16 outputs a row) or 16 (8 outputs, the upper lanes unused), or with
    /// <typeparamref name="TEnd"/> masked any even row of 10 to 30 (its lanes loaded under a mask, -infinity past the row;
    /// its outputs stored under one): output column j takes input columns 2j - 1, 2j and 2j + 1, the odd lanes shifted
    /// by one, the even lanes and the odd lanes of the row; output row i takes input rows 2i - 1, 2i and 2i + 1, the
    /// first kept from the output row before.
    /// </summary>
    private static void StrideTwo<TEnd, TStep>(Pool2dGeometry g, float* x, float* y, int* argmax)
        where TEnd : struct, IRowEnd
        where TStep : struct, MaxPoolingSteps.IStep
    {
        var (width, outW) = (g.W, g.OutW);
        var masks = new RowMasks(Vector512.LessThan(Lanes, Vector512.Create(width)), Vector512.LessThan(Lanes, Vector512.Create(width - Width)));
        var outputs = Vector512.LessThan(Lanes, Vector512.Create(outW));
        var infinity = Vector512.Create(float.NegativeInfinity);
        var firstColumn = Vector512.Max((Lanes << 1) - Vector512<int>.One, Vector512<int>.Zero);
        var (aboveMax, aboveAt) = (infinity, Vector512<int>.Zero);
        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (max, at) = (infinity, firstColumn + Vector512.Create(Math.Max((2 * oh) - 1, 0) * width));
            TStep.Take(aboveMax, aboveAt, ref max, ref at);
            var (rowMax, rowAt) = EvenOddMaxima<TEnd, TStep>(x, width, 2 * oh, infinity, masks);
            TStep.Take(rowMax, rowAt, ref max, ref at);
            (aboveMax, aboveAt) = (infinity, Vector512<int>.Zero);
            if ((2 * oh) + 1 < g.H)
            {
                (aboveMax, aboveAt) = EvenOddMaxima<TEnd, TStep>(x, width, (2 * oh) + 1, infinity, masks);
                TStep.Take(aboveMax, aboveAt, ref max, ref at);
            }

            var offset = (long)oh * outW;
            if (TEnd.Masked)
            {
                Avx512F.MaskStore(y + offset, outputs.AsSingle(), max);
                if (argmax != null)
                {
                    Avx512F.MaskStore(argmax + offset, outputs, at);
                }
            }
            else if (outW == Width)
            {
                max.Store(y + offset);
                if (argmax != null)
                {
                    at.Store(argmax + offset);
                }
            }
            else
            {
                max.GetLower().Store(y + offset);
                if (argmax != null)
                {
                    at.GetLower().Store(argmax + offset);
                }
            }
        }
    }

    /// <summary>The maxima of row h over columns 2j - 1, 2j, 2j + 1 for the row's outputs j, with their plane indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Max, Vector512<int> At) EvenOddMaxima<TEnd, TStep>(float* x, int width, int h, Vector512<float> infinity, RowMasks masks)
        where TEnd : struct, IRowEnd
        where TStep : struct, MaxPoolingSteps.IStep
    {
        var row = x + ((long)h * width);
        Vector512<float> first, second;
        if (TEnd.Masked)
        {
            first = Avx512F.MaskLoad(row, masks.Centre.AsSingle(), infinity);
            second = Avx512F.MaskLoad(row + Width, masks.Right.AsSingle(), infinity);
        }
        else
        {
            first = Vector512.Load(row);
            second = width == 2 * Width ? Vector512.Load(row + Width) : first;
        }

        var (even, odd) = (Avx512F.PermuteVar16x32x2(first, EvenLanes, second), Avx512F.PermuteVar16x32x2(first, OddLanes, second));
        var index = (Lanes << 1) + Vector512.Create(h * width);
        var (max, at) = (infinity, index);
        TStep.Take(Avx512F.PermuteVar16x32x2(infinity, FromLeft, odd), index - Vector512<int>.One, ref max, ref at);
        TStep.Take(even, index, ref max, ref at);
        TStep.Take(odd, index + Vector512<int>.One, ref max, ref at);
        return (max, at);
    }
}

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// 3 x 3 max pooling at stride 1 and padding 1 (the DARTS cell's max_pool_3x3 on 32 x 32 and 16 x 16 maps) on planes
/// whose rows are whole 512-bit vectors, streamed down each column of vectors in registers, as
/// <see cref="AveragePooling"/>'s 3 x 3 path: a row's left and right neighbours come from the loaded vectors by one
/// permute each (-infinity past the plane's edge), each input row's maxima over its three columns are taken once, and
/// each output takes the maxima of the rows above, at and below it. The same row-then-column order as
/// <see cref="MaxPoolingSeparable"/> (left, centre, right; above, at, below, with its comparison), so values and
/// indices are those of the row-major scan, without staging a padded plane or the row maxima in memory.
/// </summary>
internal static unsafe class MaxPoolingThreeByThree
{
    private const int Width = 16;

    /// <summary>Whether this path runs <paramref name="g"/> on this machine.</summary>
    public static bool Covers(Pool2dGeometry g) =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && g.Kernel == 3 && g.Stride == 1 && g.Padding == 1 && g.W % Width == 0;

    /// <summary>Lane i of the left neighbours: element 15 of the vector before, then elements 0 to 14 of the centre.</summary>
    private static Vector512<int> FromLeft => Vector512.Create(15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);

    /// <summary>Lane i of the right neighbours: elements 1 to 15 of the centre, then element 0 of the vector after.</summary>
    private static Vector512<int> FromRight => Vector512.Create(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

    /// <summary>y = 3 x 3 max pooling of the plane <paramref name="x"/>; <paramref name="argmax"/> (or null) gets h W + w of each maximum.</summary>
    public static void Plane(Pool2dGeometry g, float* x, float* y, int* argmax)
    {
        var (height, width) = (g.H, g.W);
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        for (var column = 0; column < width; column += Width)
        {
            var (hasLeft, hasRight) = (column > 0, column + Width < width);

            // Index of each lane's window's first real column (column - 1, or 0 at the plane's left edge).
            var firstColumn = Vector512.Max(lanes + Vector512.Create(column - 1), Vector512<int>.Zero);
            var (aboveMax, aboveAt) = (Vector512<float>.Zero, Vector512<int>.Zero);
            var (rowMax, rowAt) = RowMaxima(x, width, 0, column, hasLeft, hasRight, lanes);
            for (var h = 0; h < height; h++)
            {
                var (max, at) = (Vector512.Create(float.NegativeInfinity), firstColumn + Vector512.Create(Math.Max(h - 1, 0) * width));
                if (h > 0)
                {
                    MaxPoolingSeparable.Take(aboveMax, aboveAt, ref max, ref at);
                }

                MaxPoolingSeparable.Take(rowMax, rowAt, ref max, ref at);
                (aboveMax, aboveAt) = (rowMax, rowAt);
                if (h + 1 < height)
                {
                    (rowMax, rowAt) = RowMaxima(x, width, h + 1, column, hasLeft, hasRight, lanes);
                    MaxPoolingSeparable.Take(rowMax, rowAt, ref max, ref at);
                }

                var offset = ((long)h * width) + column;
                max.Store(y + offset);
                if (argmax != null)
                {
                    at.Store(argmax + offset);
                }
            }
        }
    }

    /// <summary>
    /// The maxima of row <paramref name="h"/> over columns c - 1, c, c + 1 for the 16 columns from <paramref name="column"/>,
    /// with their plane indices (h W + that column). A row whose maximum is -infinity never wins the column step, so the
    /// index it carries then does not matter.
    /// </summary>
    private static (Vector512<float> Max, Vector512<int> At) RowMaxima(float* x, int width, int h, int column, bool hasLeft, bool hasRight, Vector512<int> lanes)
    {
        var row = x + ((long)h * width) + column;
        var centre = Vector512.Load(row);
        var infinity = Vector512.Create(float.NegativeInfinity);
        var left = Avx512F.PermuteVar16x32x2(hasLeft ? Vector512.Load(row - Width) : infinity, FromLeft, centre);
        var right = Avx512F.PermuteVar16x32x2(centre, FromRight, hasRight ? Vector512.Load(row + Width) : infinity);
        var index = lanes + Vector512.Create((h * width) + column);
        var (max, at) = (infinity, index);
        MaxPoolingSeparable.Take(left, index - Vector512<int>.One, ref max, ref at);
        MaxPoolingSeparable.Take(centre, index, ref max, ref at);
        MaxPoolingSeparable.Take(right, index + Vector512<int>.One, ref max, ref at);
        return (max, at);
    }
}

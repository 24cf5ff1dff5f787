using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Max pooling of one plane in two passes, 16, 8 or 4 outputs at a time: each input row's maximum (and its column) over
/// the window's columns, then each output's maximum over its window's rows of those. A window visited row by row with
/// a strict "greater than" keeps the first maximum in row-major order, and the row pass keeps the first in its row, so
/// the two passes pick the same element as one row-major scan; NaN wins in both (the last NaN, as the scan), and an
/// all -infinity window keeps its first real element. Values and indices are therefore those of the scalar path. Each
/// input row's maxima serve every output row whose window covers it (three at stride 1 with a 3x3 window), so a 3x3
/// window costs 6 comparisons per output instead of 9. Stride 2 takes the even lanes of two loads by one permute.
/// </summary>
internal static unsafe class MaxPoolingSeparable
{
    /// <summary>Whether this machine runs the two passes for <paramref name="g"/> (strides 1 and 2, at least 4 outputs a row).</summary>
    public static bool Covers(Pool2dGeometry g) =>
        g.OutW >= Lanes16.Width && Lanes16.Supports(g.Stride) || g.OutW >= Lanes8.Width && Lanes8.Supports(g.Stride)
        || g.OutW >= Lanes4.Width && Lanes4.Supports(g.Stride);

    /// <summary>y = max pooling of the plane <paramref name="x"/>; <paramref name="argmax"/> (or null) gets h W + w of each maximum.</summary>
    public static void Plane(Pool2dGeometry g, float* x, float* y, int* argmax)
    {
        if (g.OutW >= Lanes16.Width && Lanes16.Supports(g.Stride))
        {
            Plane<Lanes16>(g, x, y, argmax);
        }
        else if (g.OutW >= Lanes8.Width && Lanes8.Supports(g.Stride))
        {
            Plane<Lanes8>(g, x, y, argmax);
        }
        else
        {
            Plane<Lanes4>(g, x, y, argmax);
        }
    }

    /// <summary>
    /// One step of a row-major scan over 16 windows: <paramref name="v"/> (at <paramref name="index"/>) replaces the
    /// maximum when it is greater or NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Take(Vector512<float> v, Vector512<int> index, ref Vector512<float> max, ref Vector512<int> at)
    {
        var wins = Vector512.GreaterThan(v, max) | ~Vector512.Equals(v, v);
        max = Vector512.ConditionalSelect(wins, v, max);
        at = Vector512.ConditionalSelect(wins.AsInt32(), index, at);
    }

    /// <summary><see cref="Take(Vector512{float}, Vector512{int}, ref Vector512{float}, ref Vector512{int})"/> over 8 windows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Take(Vector256<float> v, Vector256<int> index, ref Vector256<float> max, ref Vector256<int> at)
    {
        var wins = Vector256.GreaterThan(v, max) | ~Vector256.Equals(v, v);
        max = Vector256.ConditionalSelect(wins, v, max);
        at = Vector256.ConditionalSelect(wins.AsInt32(), index, at);
    }

    /// <summary><see cref="Take(Vector512{float}, Vector512{int}, ref Vector512{float}, ref Vector512{int})"/> over 4 windows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Take(Vector128<float> v, Vector128<int> index, ref Vector128<float> max, ref Vector128<int> at)
    {
        var wins = Vector128.GreaterThan(v, max) | ~Vector128.Equals(v, v);
        max = Vector128.ConditionalSelect(wins, v, max);
        at = Vector128.ConditionalSelect(wins.AsInt32(), index, at);
    }

    private static void Plane<TLanes>(Pool2dGeometry g, float* x, float* y, int* argmax)
        where TLanes : struct, IRowMaxima
    {
        var (outW, paddedW) = (g.OutW, g.W + (2 * g.Padding));

        // Rows padded left and right with -infinity (never a strict winner); at stride 2 the last load of a row may
        // reach one element past it, into the next row or the tail (an odd lane, never taken).
        var padded = KernelScratch.Get(KernelScratch.Staging, ((long)g.H * paddedW) + TLanes.Width);
        VectorLoops.PadPlane(x, g.H, g.W, 0, g.Padding, float.NegativeInfinity, padded);
        var rowBest = KernelScratch.Get(KernelScratch.Panel, 2L * g.H * outW);
        var rowColumn = (int*)(rowBest + ((long)g.H * outW));
        for (var h = 0; h < g.H; h++)
        {
            for (var ow = 0; ; ow += TLanes.Width)
            {
                ow = Math.Min(ow, outW - TLanes.Width);
                TLanes.Row(g, padded + ((long)h * paddedW), ow, rowBest + ((long)h * outW), rowColumn + ((long)h * outW));
                if (ow == outW - TLanes.Width)
                {
                    break;
                }
            }
        }

        for (var oh = 0; oh < g.OutH; oh++)
        {
            var (h0, h1) = g.Rows(oh);
            var yRow = y + ((long)oh * outW);
            var argmaxRow = argmax == null ? null : argmax + ((long)oh * outW);
            for (var ow = 0; ; ow += TLanes.Width)
            {
                ow = Math.Min(ow, outW - TLanes.Width);
                TLanes.Column(g, rowBest, rowColumn, h0, h1, ow, yRow, argmaxRow);
                if (ow == outW - TLanes.Width)
                {
                    break;
                }
            }
        }
    }

    /// <summary>The two passes at one vector width (an operator struct, so each width's loops are compiled for it).</summary>
    private interface IRowMaxima
    {
        static abstract int Width { get; }

        static abstract bool Supports(int stride);

        /// <summary>
        /// Outputs [ow, ow + Width) of one padded input row: the maximum over the window's columns into
        /// <paramref name="best"/>[ow..] and its input column into <paramref name="column"/>[ow..] (where no element
        /// wins, the row's maximum is -infinity, which never wins the column pass, so that column is never read).
        /// </summary>
        static abstract void Row(Pool2dGeometry g, float* paddedRow, int ow, float* best, int* column);

        /// <summary>Outputs [ow, ow + Width) of one output row: the maximum of the row maxima of input rows [h0, h1).</summary>
        static abstract void Column(Pool2dGeometry g, float* rowBest, int* rowColumn, int h0, int h1, int ow, float* y, int* argmax);
    }

    private readonly struct Lanes16 : IRowMaxima
    {
        public static int Width => 16;

        private static Vector512<int> Lanes => Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

        private static Vector512<int> EvenLanes => Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

        public static bool Supports(int stride) => Vector512.IsHardwareAccelerated && (stride == 1 || (stride == 2 && Avx512F.IsSupported));

        public static void Row(Pool2dGeometry g, float* paddedRow, int ow, float* best, int* column)
        {
            var first = (Lanes * g.Stride) + Vector512.Create((ow * g.Stride) - g.Padding);
            var (max, at) = (Vector512.Create(float.NegativeInfinity), first);
            var source = paddedRow + ((long)ow * g.Stride);
            for (var kw = 0; kw < g.Kernel; kw++)
            {
                var v = g.Stride == 1
                    ? Vector512.Load(source + kw)
                    : Avx512F.PermuteVar16x32x2(Vector512.Load(source + kw), EvenLanes, Vector512.Load(source + kw + Width));
                Take(v, first + Vector512.Create(kw), ref max, ref at);
            }

            max.Store(best + ow);
            at.Store(column + ow);
        }

        public static void Column(Pool2dGeometry g, float* rowBest, int* rowColumn, int h0, int h1, int ow, float* y, int* argmax)
        {
            var firstColumn = Vector512.Max((Lanes * g.Stride) + Vector512.Create((ow * g.Stride) - g.Padding), Vector512<int>.Zero);
            var (max, at) = (Vector512.Create(float.NegativeInfinity), firstColumn + Vector512.Create(h0 * g.W));
            for (var h = h0; h < h1; h++)
            {
                var offset = ((long)h * g.OutW) + ow;
                Take(Vector512.Load(rowBest + offset), Vector512.Load(rowColumn + offset) + Vector512.Create(h * g.W), ref max, ref at);
            }

            max.Store(y + ow);
            if (argmax != null)
            {
                at.Store(argmax + ow);
            }
        }
    }

    private readonly struct Lanes8 : IRowMaxima
    {
        public static int Width => 8;

        private static Vector256<int> Lanes => Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);

        private static Vector256<int> EvenLanes => Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);

        public static bool Supports(int stride) => Vector256.IsHardwareAccelerated && (stride == 1 || (stride == 2 && Avx512F.VL.IsSupported));

        public static void Row(Pool2dGeometry g, float* paddedRow, int ow, float* best, int* column)
        {
            var first = (Lanes * g.Stride) + Vector256.Create((ow * g.Stride) - g.Padding);
            var (max, at) = (Vector256.Create(float.NegativeInfinity), first);
            var source = paddedRow + ((long)ow * g.Stride);
            for (var kw = 0; kw < g.Kernel; kw++)
            {
                var v = g.Stride == 1
                    ? Vector256.Load(source + kw)
                    : Avx512F.VL.PermuteVar8x32x2(Vector256.Load(source + kw), EvenLanes, Vector256.Load(source + kw + Width));
                Take(v, first + Vector256.Create(kw), ref max, ref at);
            }

            max.Store(best + ow);
            at.Store(column + ow);
        }

        public static void Column(Pool2dGeometry g, float* rowBest, int* rowColumn, int h0, int h1, int ow, float* y, int* argmax)
        {
            var firstColumn = Vector256.Max((Lanes * g.Stride) + Vector256.Create((ow * g.Stride) - g.Padding), Vector256<int>.Zero);
            var (max, at) = (Vector256.Create(float.NegativeInfinity), firstColumn + Vector256.Create(h0 * g.W));
            for (var h = h0; h < h1; h++)
            {
                var offset = ((long)h * g.OutW) + ow;
                Take(Vector256.Load(rowBest + offset), Vector256.Load(rowColumn + offset) + Vector256.Create(h * g.W), ref max, ref at);
            }

            max.Store(y + ow);
            if (argmax != null)
            {
                at.Store(argmax + ow);
            }
        }
    }

    /// <summary>
    /// Rows of 4 to 7 outputs (the 7 x 7 planes of 28 x 28 images, and stride 2 to 7 x 7 or 4 x 4): one 128-bit vector;
    /// stride 2 takes the even lanes of two loads with one shuffle.
    /// </summary>
    private readonly struct Lanes4 : IRowMaxima
    {
        public static int Width => 4;

        private static Vector128<int> Lanes => Vector128.Create(0, 1, 2, 3);

        public static bool Supports(int stride) => Vector128.IsHardwareAccelerated && (stride == 1 || (stride == 2 && Sse.IsSupported));

        public static void Row(Pool2dGeometry g, float* paddedRow, int ow, float* best, int* column)
        {
            var first = (Lanes * g.Stride) + Vector128.Create((ow * g.Stride) - g.Padding);
            var (max, at) = (Vector128.Create(float.NegativeInfinity), first);
            var source = paddedRow + ((long)ow * g.Stride);
            for (var kw = 0; kw < g.Kernel; kw++)
            {
                var v = g.Stride == 1
                    ? Vector128.Load(source + kw)
                    : Sse.Shuffle(Vector128.Load(source + kw), Vector128.Load(source + kw + Width), 0b10_00_10_00);
                Take(v, first + Vector128.Create(kw), ref max, ref at);
            }

            max.Store(best + ow);
            at.Store(column + ow);
        }

        public static void Column(Pool2dGeometry g, float* rowBest, int* rowColumn, int h0, int h1, int ow, float* y, int* argmax)
        {
            var firstColumn = Vector128.Max((Lanes * g.Stride) + Vector128.Create((ow * g.Stride) - g.Padding), Vector128<int>.Zero);
            var (max, at) = (Vector128.Create(float.NegativeInfinity), firstColumn + Vector128.Create(h0 * g.W));
            for (var h = h0; h < h1; h++)
            {
                var offset = ((long)h * g.OutW) + ow;
                Take(Vector128.Load(rowBest + offset), Vector128.Load(rowColumn + offset) + Vector128.Create(h * g.W), ref max, ref at);
            }

            max.Store(y + ow);
            if (argmax != null)
            {
                at.Store(argmax + ow);
            }
        }
    }
}

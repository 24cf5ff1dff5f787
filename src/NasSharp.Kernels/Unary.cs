using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// Elementwise unary kernels driven by operator structs: 16 lanes at a time with AVX-512, 8 with
/// AVX2, then a scalar tail. Every element is independent, so results never depend on threads; long spans run as
/// fixed blocks over the kernel threads (<see cref="ElementwiseBlocks"/>).
/// </summary>
public static unsafe class Unary
{
    /// <summary>Effectively computes y[i] = op(x[i]). <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IUnaryOperator
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Unary.Map: input length {x.Length} differs from output length {y.Length}.");
        }

        if (!ElementwiseBlocks.Worth(x.Length))
        {
            MapRange(op, x, y);
            return;
        }

        fixed (float* px = x, py = y)
        {
            ElementwiseBlocks.For(x.Length, (Op: op, X: (nint)px, Y: (nint)py), static (s, start, count) =>
                MapRange(s.Op, new ReadOnlySpan<float>((float*)s.X + start, count), new Span<float>((float*)s.Y + start, count)));
        }
    }

    private static void MapRange<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IUnaryOperator
    {
        var n = x.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                op.Invoke(Vector512.Create(x.Slice(i, 16))).CopyTo(y.Slice(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                op.Invoke(Vector256.Create(x.Slice(i, 8))).CopyTo(y.Slice(i, 8));
            }
        }

        for (; i < n; i++)
        {
            y[i] = op.Invoke(x[i]);
        }
    }

    /// <summary>
    /// Effectively computes dx[i] += op(x[i], y[i], dy[i]): the backward pass of a unary op, accumulating
    /// into the input gradient. All four spans have the same length.
    /// </summary>
    public static void AccumulateGradient<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryGradientOperator => Gradient(op, x, y, dy, dx, accumulate: true);

    /// <summary>
    /// Effectively computes dx[i] (+)= op(x[i], y[i], dy[i]); without <paramref name="accumulate"/> dx is overwritten
    /// (the first contribution to a gradient). All four spans have the same length.
    /// </summary>
    public static void Gradient<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, bool accumulate)
        where TOp : struct, IUnaryGradientOperator
    {
        if (x.Length != dx.Length || y.Length != dx.Length || dy.Length != dx.Length)
        {
            throw new ArgumentException($"Unary.AccumulateGradient: lengths differ (x {x.Length}, y {y.Length}, dy {dy.Length}, dx {dx.Length}).");
        }

        if (!ElementwiseBlocks.Worth(dx.Length))
        {
            GradientRange(op, x, y, dy, dx, accumulate);
            return;
        }

        fixed (float* px = x, py = y, pdy = dy, pdx = dx)
        {
            ElementwiseBlocks.For(dx.Length, (Op: op, X: (nint)px, Y: (nint)py, Dy: (nint)pdy, Dx: (nint)pdx, Accumulate: accumulate), static (s, start, count) =>
                GradientRange(
                    s.Op,
                    new ReadOnlySpan<float>((float*)s.X + start, count),
                    new ReadOnlySpan<float>((float*)s.Y + start, count),
                    new ReadOnlySpan<float>((float*)s.Dy + start, count),
                    new Span<float>((float*)s.Dx + start, count),
                    s.Accumulate));
        }
    }

    private static void GradientRange<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, bool accumulate)
        where TOp : struct, IUnaryGradientOperator
    {
        if (!accumulate)
        {
            WriteRange(op, x, y, dy, dx);
            return;
        }

        var n = dx.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                var g = op.Invoke(Vector512.Create(x.Slice(i, 16)), Vector512.Create(y.Slice(i, 16)), Vector512.Create(dy.Slice(i, 16)));
                (Vector512.Create(dx.Slice(i, 16)) + g).CopyTo(dx.Slice(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                var g = op.Invoke(Vector256.Create(x.Slice(i, 8)), Vector256.Create(y.Slice(i, 8)), Vector256.Create(dy.Slice(i, 8)));
                (Vector256.Create(dx.Slice(i, 8)) + g).CopyTo(dx.Slice(i, 8));
            }
        }

        for (; i < n; i++)
        {
            dx[i] += op.Invoke(x[i], y[i], dy[i]);
        }
    }

    private static void WriteRange<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryGradientOperator
    {
        var n = dx.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                op.Invoke(Vector512.Create(x.Slice(i, 16)), Vector512.Create(y.Slice(i, 16)), Vector512.Create(dy.Slice(i, 16))).CopyTo(dx.Slice(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                op.Invoke(Vector256.Create(x.Slice(i, 8)), Vector256.Create(y.Slice(i, 8)), Vector256.Create(dy.Slice(i, 8))).CopyTo(dx.Slice(i, 8));
            }
        }

        for (; i < n; i++)
        {
            dx[i] = op.Invoke(x[i], y[i], dy[i]);
        }
    }
}

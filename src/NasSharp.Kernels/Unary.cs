using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// Elementwise unary kernels driven by operator structs: 16 lanes at a time with AVX-512, 8 with
/// AVX2, then a scalar tail. Every element is independent, so results never depend on threads; long spans run as
/// fixed blocks over the kernel threads (<see cref="ElementwiseBlocks"/>).
/// </summary>
public static unsafe class Unary
{
    /// <summary>
    /// Floats each 16-lane streaming loop loads ahead of the store it is on (two vectors). On session 28's AMD host (Zen 5,
    /// a VM without hardware counters) the plain loops sometimes ran 4-50x slower when their output's page offset lay
    /// within a few cache lines of an input's (consecutive tensors of one size lie 64-128 bytes apart in page offset): the
    /// kernel driver's ReLU backward at 16 ch 32 x 32 took 5 ms a call in three rounds of four (0.2 ms in the other), and
    /// with the loads ahead 0.19-0.22 ms in all four; a probe saw the slow mode come and go with the same addresses, so
    /// the cause is not pinned down (experiments/session28/streaming-lookahead.md). Results are unchanged: each element is
    /// computed from the same values, and every vector is loaded before any store reaches it, so in-place calls still work.
    /// </summary>
    internal const int Ahead = 32;

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
        if (Vector512.IsHardwareAccelerated && n >= Ahead)
        {
            // Each vector is loaded two iterations before its result is stored (LookAhead).
            fixed (float* px = x, py = y)
            {
                var (v0, v1) = (Vector512.Load(px), Vector512.Load(px + 16));
                for (; i + Ahead + 16 <= n; i += 16)
                {
                    var v2 = Vector512.Load(px + i + Ahead);
                    op.Invoke(v0).Store(py + i);
                    (v0, v1) = (v1, v2);
                }

                op.Invoke(v0).Store(py + i);
                op.Invoke(v1).Store(py + i + 16);
                i += Ahead;
            }
        }

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
        var i = GradientAhead(op, x, y, dy, dx, accumulate: true);
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

    /// <summary>
    /// dx[i] (+)= op(x[i], y[i], dy[i]) over whole 16-lane vectors, each operand loaded <see cref="Ahead"/> floats before
    /// its result is stored; returns how many elements it did (0 without 512-bit vectors or below <see cref="Ahead"/>).
    /// </summary>
    private static int GradientAhead<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, bool accumulate)
        where TOp : struct, IUnaryGradientOperator
    {
        var n = dx.Length;
        if (!Vector512.IsHardwareAccelerated || n < Ahead)
        {
            return 0;
        }

        var i = 0;
        fixed (float* px = x, py = y, pdy = dy, pdx = dx)
        {
            var (x0, y0, d0) = (Vector512.Load(px), Vector512.Load(py), Vector512.Load(pdy));
            var (x1, y1, d1) = (Vector512.Load(px + 16), Vector512.Load(py + 16), Vector512.Load(pdy + 16));
            for (; i + Ahead + 16 <= n; i += 16)
            {
                var (x2, y2, d2) = (Vector512.Load(px + i + Ahead), Vector512.Load(py + i + Ahead), Vector512.Load(pdy + i + Ahead));
                Put(op.Invoke(x0, y0, d0), pdx + i, accumulate);
                (x0, y0, d0, x1, y1, d1) = (x1, y1, d1, x2, y2, d2);
            }

            Put(op.Invoke(x0, y0, d0), pdx + i, accumulate);
            Put(op.Invoke(x1, y1, d1), pdx + i + 16, accumulate);
        }

        return i + Ahead;
    }

    /// <summary>target = g, or target + g (the same single addition as the scalar loop's dx[i] += g).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(Vector512<float> g, float* target, bool accumulate) =>
        (accumulate ? Vector512.Load(target) + g : g).Store(target);

    private static void WriteRange<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryGradientOperator
    {
        var n = dx.Length;
        var i = GradientAhead(op, x, y, dy, dx, accumulate: false);

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

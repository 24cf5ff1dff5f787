using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// Elementwise unary kernels driven by operator structs: 16 lanes at a time with AVX-512, 8 with
/// AVX2, then a scalar tail. Every element is independent, so results never depend on threads.
/// </summary>
public static class Unary
{
    /// <summary>Effectively computes y[i] = op(x[i]). <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IUnaryOperator
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Unary.Map: input length {x.Length} differs from output length {y.Length}.");
        }

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
        where TOp : struct, IUnaryGradientOperator
    {
        if (x.Length != dx.Length || y.Length != dx.Length || dy.Length != dx.Length)
        {
            throw new ArgumentException($"Unary.AccumulateGradient: lengths differ (x {x.Length}, y {y.Length}, dy {dy.Length}, dx {dx.Length}).");
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
}

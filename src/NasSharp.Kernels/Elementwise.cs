using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// Elementwise kernels on spans. Each element is independent, so results never depend on threads; the flat loops
/// split long spans into fixed blocks over the kernel threads (<see cref="ElementwiseBlocks"/>).
/// </summary>
public static unsafe class Elementwise
{
    /// <summary>dst[i] += src[i].</summary>
    public static void AddInPlace(Span<float> dst, ReadOnlySpan<float> src) => Add(dst, src, dst);

    /// <summary>dst[i] = a[i] + b[i]; <paramref name="dst"/> may be <paramref name="a"/> or <paramref name="b"/>.</summary>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        if (a.Length != dst.Length || b.Length != dst.Length)
        {
            throw new ArgumentException($"Elementwise.Add: lengths differ (a {a.Length}, b {b.Length}, destination {dst.Length}).");
        }

        fixed (float* pa = a, pb = b, pd = dst)
        {
            if (!ElementwiseBlocks.Worth(dst.Length))
            {
                AddRange(pa, pb, pd, dst.Length);
                return;
            }

            ElementwiseBlocks.For(dst.Length, (A: (nint)pa, B: (nint)pb, D: (nint)pd), static (s, start, count) =>
                AddRange((float*)s.A + start, (float*)s.B + start, (float*)s.D + start, count));
        }
    }

    /// <summary>dst[i] = a[i] + b[i], each vector loaded <see cref="Unary.Ahead"/> floats before its sum is stored (see there).</summary>
    private static void AddRange(float* a, float* b, float* dst, int count)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated && count >= Unary.Ahead)
        {
            var (a0, b0, a1, b1) = (Vector512.Load(a), Vector512.Load(b), Vector512.Load(a + 16), Vector512.Load(b + 16));
            for (; i + Unary.Ahead + 16 <= count; i += 16)
            {
                var (a2, b2) = (Vector512.Load(a + i + Unary.Ahead), Vector512.Load(b + i + Unary.Ahead));
                (a0 + b0).Store(dst + i);
                (a0, b0, a1, b1) = (a1, b1, a2, b2);
            }

            (a0 + b0).Store(dst + i);
            (a1 + b1).Store(dst + i + 16);
            i += Unary.Ahead;
        }

        TensorPrimitives.Add(new ReadOnlySpan<float>(a + i, count - i), new ReadOnlySpan<float>(b + i, count - i), new Span<float>(dst + i, count - i));
    }

    /// <summary>
    /// dst[i] = (a[i] + b[i]) + c[i] in one pass: the bits of <see cref="Add"/> then <see cref="AddInPlace"/>, reading the
    /// partial sum from a register instead of writing it out and reading it back. <paramref name="dst"/> may be
    /// <paramref name="a"/> (a running sum).
    /// </summary>
    public static void AddThree(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> dst)
    {
        if (a.Length != dst.Length || b.Length != dst.Length || c.Length != dst.Length)
        {
            throw new ArgumentException($"Elementwise.AddThree: lengths differ (a {a.Length}, b {b.Length}, c {c.Length}, destination {dst.Length}).");
        }

        fixed (float* pa = a, pb = b, pc = c, pd = dst)
        {
            var state = (A: (nint)pa, B: (nint)pb, C: (nint)pc, D: (nint)pd);
            if (!ElementwiseBlocks.Worth(dst.Length))
            {
                AddThreeRange(pa, pb, pc, pd, dst.Length);
                return;
            }

            ElementwiseBlocks.For(dst.Length, state, static (s, start, count) =>
                AddThreeRange((float*)s.A + start, (float*)s.B + start, (float*)s.C + start, (float*)s.D + start, count));
        }
    }

    private static void AddThreeRange(float* a, float* b, float* c, float* dst, int count)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated && count >= Unary.Ahead)
        {
            // Loaded ahead of the stores, as in AddRange.
            var (a0, b0, c0) = (Vector512.Load(a), Vector512.Load(b), Vector512.Load(c));
            var (a1, b1, c1) = (Vector512.Load(a + 16), Vector512.Load(b + 16), Vector512.Load(c + 16));
            for (; i + Unary.Ahead + 16 <= count; i += 16)
            {
                var (a2, b2, c2) = (Vector512.Load(a + i + Unary.Ahead), Vector512.Load(b + i + Unary.Ahead), Vector512.Load(c + i + Unary.Ahead));
                ((a0 + b0) + c0).Store(dst + i);
                (a0, b0, c0, a1, b1, c1) = (a1, b1, c1, a2, b2, c2);
            }

            ((a0 + b0) + c0).Store(dst + i);
            ((a1 + b1) + c1).Store(dst + i + 16);
            i += Unary.Ahead;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16)
            {
                ((Vector512.Load(a + i) + Vector512.Load(b + i)) + Vector512.Load(c + i)).Store(dst + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                ((Vector256.Load(a + i) + Vector256.Load(b + i)) + Vector256.Load(c + i)).Store(dst + i);
            }
        }

        for (; i < count; i++)
        {
            dst[i] = (a[i] + b[i]) + c[i];
        }
    }

    /// <summary>dst[i] = src[i], on the kernel threads for long spans (each core copies the blocks it owns).</summary>
    public static void Copy(ReadOnlySpan<float> src, Span<float> dst)
    {
        if (src.Length != dst.Length)
        {
            throw new ArgumentException($"Elementwise.Copy: source length {src.Length} differs from destination length {dst.Length}.");
        }

        if (!ElementwiseBlocks.Worth(dst.Length))
        {
            src.CopyTo(dst);
            return;
        }

        fixed (float* ps = src, pd = dst)
        {
            ElementwiseBlocks.For(dst.Length, (S: (nint)ps, D: (nint)pd), static (s, start, count) =>
                new ReadOnlySpan<float>((float*)s.S + start, count).CopyTo(new Span<float>((float*)s.D + start, count)));
        }
    }

    /// <summary>dst[i] += scale * src[i].</summary>
    public static void AddScaledInPlace(Span<float> dst, ReadOnlySpan<float> src, float scale)
    {
        if (src.Length != dst.Length)
        {
            throw new ArgumentException($"Elementwise.AddScaledInPlace: source length {src.Length} differs from destination length {dst.Length}.");
        }

        if (!ElementwiseBlocks.Worth(dst.Length))
        {
            TensorPrimitives.MultiplyAdd(src, scale, dst, dst);
            return;
        }

        fixed (float* ps = src, pd = dst)
        {
            ElementwiseBlocks.For(dst.Length, (S: (nint)ps, D: (nint)pd, Scale: scale), static (s, start, count) =>
            {
                var d = new Span<float>((float*)s.D + start, count);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>((float*)s.S + start, count), s.Scale, d, d);
            });
        }
    }

    /// <summary>dst[i] = scale * src[i].</summary>
    public static void Scale(ReadOnlySpan<float> src, float scale, Span<float> dst)
    {
        if (src.Length != dst.Length)
        {
            throw new ArgumentException($"Elementwise.Scale: source length {src.Length} differs from destination length {dst.Length}.");
        }

        if (!ElementwiseBlocks.Worth(dst.Length))
        {
            TensorPrimitives.Multiply(src, scale, dst);
            return;
        }

        fixed (float* ps = src, pd = dst)
        {
            ElementwiseBlocks.For(dst.Length, (S: (nint)ps, D: (nint)pd, Scale: scale), static (s, start, count) =>
                TensorPrimitives.Multiply(new ReadOnlySpan<float>((float*)s.S + start, count), s.Scale, new Span<float>((float*)s.D + start, count)));
        }
    }

    /// <summary>
    /// dst = op(a, b) with broadcasting described by <paramref name="layout"/>. The innermost dimension
    /// runs as a vector loop when both operands are contiguous along it.
    /// </summary>
    public static void Binary<TOp>(BroadcastLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
        where TOp : struct, IBinaryOperator
    {
        var d = layout.OutDims;
        var sa = layout.AStrides;
        var sb = layout.BStrides;
        var inner = d[4];
        var o = 0;
        for (var i0 = 0; i0 < d[0]; i0++)
        {
            for (var i1 = 0; i1 < d[1]; i1++)
            {
                for (var i2 = 0; i2 < d[2]; i2++)
                {
                    for (var i3 = 0; i3 < d[3]; i3++)
                    {
                        var ia = (i0 * sa[0]) + (i1 * sa[1]) + (i2 * sa[2]) + (i3 * sa[3]);
                        var ib = (i0 * sb[0]) + (i1 * sb[1]) + (i2 * sb[2]) + (i3 * sb[3]);
                        InnerRow<TOp>(a, ia, sa[4], b, ib, sb[4], dst.Slice(o, inner));
                        o += inner;
                    }
                }
            }
        }
    }

    private static void InnerRow<TOp>(ReadOnlySpan<float> a, int ia, int sa, ReadOnlySpan<float> b, int ib, int sb, Span<float> dst)
        where TOp : struct, IBinaryOperator
    {
        var n = dst.Length;
        var j = 0;
        if (sa == 1 && sb == 1)
        {
            for (; j + 16 <= n; j += 16)
            {
                TOp.Invoke(Vector512.Create(a.Slice(ia + j, 16)), Vector512.Create(b.Slice(ib + j, 16))).CopyTo(dst.Slice(j, 16));
            }
        }
        else if (sa == 1 && sb == 0)
        {
            var vb = Vector512.Create(b[ib]);
            for (; j + 16 <= n; j += 16)
            {
                TOp.Invoke(Vector512.Create(a.Slice(ia + j, 16)), vb).CopyTo(dst.Slice(j, 16));
            }
        }
        else if (sa == 0 && sb == 1)
        {
            var va = Vector512.Create(a[ia]);
            for (; j + 16 <= n; j += 16)
            {
                TOp.Invoke(va, Vector512.Create(b.Slice(ib + j, 16))).CopyTo(dst.Slice(j, 16));
            }
        }

        for (; j < n; j++)
        {
            dst[j] = TOp.Invoke(a[ia + (j * sa)], b[ib + (j * sb)]);
        }
    }

    /// <summary>
    /// target[index of t] += source[o] for every output element o, where <paramref name="targetStrides"/>
    /// map output positions onto the (smaller) target: the sum that undoes a broadcast in backward.
    /// </summary>
    public static void AccumulateUnbroadcast(int[] outDims, int[] targetStrides, ReadOnlySpan<float> source, Span<float> target)
    {
        var d = outDims;
        var s = targetStrides;
        var o = 0;
        for (var i0 = 0; i0 < d[0]; i0++)
        {
            for (var i1 = 0; i1 < d[1]; i1++)
            {
                for (var i2 = 0; i2 < d[2]; i2++)
                {
                    for (var i3 = 0; i3 < d[3]; i3++)
                    {
                        var t = (i0 * s[0]) + (i1 * s[1]) + (i2 * s[2]) + (i3 * s[3]);
                        var row = source.Slice(o, d[4]);
                        if (s[4] == 1)
                        {
                            TensorPrimitives.Add(target.Slice(t, d[4]), row, target.Slice(t, d[4]));
                        }
                        else
                        {
                            target[t] += TensorPrimitives.Sum(row);
                        }

                        o += d[4];
                    }
                }
            }
        }
    }
}

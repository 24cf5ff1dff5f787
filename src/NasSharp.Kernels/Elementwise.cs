using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>Elementwise kernels on spans. Each element is independent, so results never depend on threads.</summary>
public static class Elementwise
{
    /// <summary>dst[i] += src[i].</summary>
    public static void AddInPlace(Span<float> dst, ReadOnlySpan<float> src) => TensorPrimitives.Add(dst, src, dst);

    /// <summary>dst[i] += scale * src[i].</summary>
    public static void AddScaledInPlace(Span<float> dst, ReadOnlySpan<float> src, float scale) => TensorPrimitives.MultiplyAdd(src, scale, dst, dst);

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

namespace NasSharp.Kernels;

/// <summary>
/// Reorders the axes of a dense row-major tensor of rank 0 to 5 (a transpose in general). The output
/// is written in order; when the innermost output axis is also the innermost input axis its rows are
/// contiguous copies, otherwise a strided gather.
/// </summary>
public static class Permutation
{
    private const int Rank = 5;

    /// <summary>
    /// Effectively computes dst[i_0, ..., i_{r-1}] (+)= src[j] where source index j has j[axes[d]] = i_d:
    /// output dimension d is source dimension axes[d].
    /// </summary>
    public static void Apply(ReadOnlySpan<int> dims, ReadOnlySpan<int> axes, ReadOnlySpan<float> src, Span<float> dst, bool accumulate = false)
    {
        var count = Validate(dims, axes);
        if (src.Length != count || dst.Length != count)
        {
            throw new ArgumentException($"Permutation: buffers (source {src.Length}, destination {dst.Length}) do not match {count} elements.");
        }

        Span<int> d = stackalloc int[Rank];
        Span<int> s = stackalloc int[Rank];
        Geometry(dims, axes, d, s);
        var o = 0;
        for (var i0 = 0; i0 < d[0]; i0++)
        {
            for (var i1 = 0; i1 < d[1]; i1++)
            {
                for (var i2 = 0; i2 < d[2]; i2++)
                {
                    for (var i3 = 0; i3 < d[3]; i3++)
                    {
                        var start = (i0 * s[0]) + (i1 * s[1]) + (i2 * s[2]) + (i3 * s[3]);
                        Row(src, start, s[4], dst.Slice(o, d[4]), accumulate);
                        o += d[4];
                    }
                }
            }
        }
    }

    private static void Row(ReadOnlySpan<float> src, int start, int stride, Span<float> dst, bool accumulate)
    {
        if (stride == 1)
        {
            var row = src.Slice(start, dst.Length);
            if (accumulate)
            {
                Elementwise.AddInPlace(dst, row);
            }
            else
            {
                row.CopyTo(dst);
            }

            return;
        }

        for (var j = 0; j < dst.Length; j++)
        {
            var v = src[start + (j * stride)];
            dst[j] = accumulate ? dst[j] + v : v;
        }
    }

    /// <summary>Output dimensions and the source stride of each, left-padded to rank five.</summary>
    private static void Geometry(ReadOnlySpan<int> dims, ReadOnlySpan<int> axes, Span<int> outDims, Span<int> strides)
    {
        var rank = dims.Length;
        Span<int> sourceStrides = stackalloc int[Math.Max(rank, 1)];
        var stride = 1;
        for (var a = rank - 1; a >= 0; a--)
        {
            sourceStrides[a] = stride;
            stride *= dims[a];
        }

        outDims.Fill(1);
        strides.Clear();
        for (var i = 0; i < rank; i++)
        {
            outDims[Rank - rank + i] = dims[axes[i]];
            strides[Rank - rank + i] = sourceStrides[axes[i]];
        }
    }

    private static int Validate(ReadOnlySpan<int> dims, ReadOnlySpan<int> axes)
    {
        if (dims.Length != axes.Length || dims.Length > Rank)
        {
            throw new ArgumentException($"Permutation: {Describe(dims, axes)} must have the same length, at most {Rank}.");
        }

        Span<bool> seen = stackalloc bool[Rank];
        var count = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] <= 0 || axes[i] < 0 || axes[i] >= dims.Length || seen[axes[i]])
            {
                throw new ArgumentException($"Permutation: {Describe(dims, axes)} is not a permutation of positive dimensions.");
            }

            seen[axes[i]] = true;
            count *= dims[i];
        }

        return count;
    }

    private static string Describe(ReadOnlySpan<int> dims, ReadOnlySpan<int> axes) =>
        $"dims [{string.Join(", ", dims.ToArray())}], axes [{string.Join(", ", axes.ToArray())}]";
}

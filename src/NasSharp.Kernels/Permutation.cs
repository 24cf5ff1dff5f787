using System.Runtime.CompilerServices;

namespace NasSharp.Kernels;

/// <summary>
/// Reorders the axes of a dense row-major tensor of rank 0 to 5 (a transpose in general). The output
/// is written in order; when the innermost output axis is also the innermost input axis its rows are
/// contiguous copies, otherwise a strided gather. Long permutations run as fixed blocks of output rows over the
/// kernel threads; every element is written once, so results never depend on threads.
/// </summary>
public static unsafe class Permutation
{
    private const int Rank = 5;

    /// <summary>Five dimensions or strides by value, so the blocks share them without an allocation.</summary>
    [InlineArray(Rank)]
    private struct Dims
    {
        private int element;
    }

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

        var (d, s) = (default(Dims), default(Dims));
        Geometry(dims, axes, d, s);
        fixed (float* ps = src, pd = dst)
        {
            ElementwiseBlocks.ForRows(d[0] * d[1] * d[2] * d[3], d[4], (D: d, S: s, Src: (nint)ps, Dst: (nint)pd, Count: count, Accumulate: accumulate), static (state, first, rows) =>
            {
                var (d, s) = (state.D, state.S);
                var source = new ReadOnlySpan<float>((float*)state.Src, state.Count);
                var target = new Span<float>((float*)state.Dst, state.Count);
                for (var r = first; r < first + rows; r++)
                {
                    // Output row r of d[0] x d[1] x d[2] x d[3], in row-major order (the output is written in order).
                    var (i3, q3) = (r % d[3], r / d[3]);
                    var (i2, q2) = (q3 % d[2], q3 / d[2]);
                    var (i1, i0) = (q2 % d[1], q2 / d[1]);
                    var start = (i0 * s[0]) + (i1 * s[1]) + (i2 * s[2]) + (i3 * s[3]);
                    Row(source, start, s[4], target.Slice(r * d[4], d[4]), state.Accumulate);
                }
            });
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

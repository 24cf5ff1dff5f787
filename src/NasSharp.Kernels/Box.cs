namespace NasSharp.Kernels;

/// <summary>
/// Copies (or adds) the box described by a <see cref="BoxLayout"/> from a source to a target tensor,
/// one contiguous inner row at a time. The forward and backward passes of slicing, concatenation and
/// padding are all this copy with source and target exchanged. Elements are independent, so results
/// never depend on threads; long boxes run as fixed blocks of rows over the kernel threads.
/// </summary>
public static unsafe class Box
{
    /// <summary>Effectively computes target[box at target offset] (+)= source[box at source offset].</summary>
    public static void Copy(BoxLayout layout, ReadOnlySpan<float> source, Span<float> target, bool accumulate = false)
    {
        if (source.Length != layout.SourceCount || target.Length != layout.TargetCount)
        {
            throw new ArgumentException($"Box: buffers (source {source.Length}, target {target.Length}) do not match the layout ({layout.SourceCount}, {layout.TargetCount}).");
        }

        var e = layout.Extent;
        fixed (float* ps = source, pt = target)
        {
            ElementwiseBlocks.ForRows(e[0] * e[1] * e[2] * e[3], e[4], (Layout: layout, S: (nint)ps, T: (nint)pt, Accumulate: accumulate), static (state, first, count) =>
            {
                var (l, e, s, t) = (state.Layout, state.Layout.Extent, state.Layout.SourceStrides, state.Layout.TargetStrides);
                var source = new ReadOnlySpan<float>((float*)state.S, l.SourceCount);
                var target = new Span<float>((float*)state.T, l.TargetCount);
                for (var r = first; r < first + count; r++)
                {
                    // Row r of the outer extent e[0] x e[1] x e[2] x e[3], in row-major order.
                    var (i3, q3) = (r % e[3], r / e[3]);
                    var (i2, q2) = (q3 % e[2], q3 / e[2]);
                    var (i1, i0) = (q2 % e[1], q2 / e[1]);
                    var si = l.SourceStart + (i0 * s[0]) + (i1 * s[1]) + (i2 * s[2]) + (i3 * s[3]);
                    var ti = l.TargetStart + (i0 * t[0]) + (i1 * t[1]) + (i2 * t[2]) + (i3 * t[3]);
                    Row(source, si, s[4], target, ti, t[4], e[4], state.Accumulate);
                }
            });
        }
    }

    private static void Row(ReadOnlySpan<float> source, int si, int sStride, Span<float> target, int ti, int tStride, int length, bool accumulate)
    {
        if (sStride == 1 && tStride == 1)
        {
            var src = source.Slice(si, length);
            var dst = target.Slice(ti, length);
            if (accumulate)
            {
                Elementwise.AddInPlace(dst, src);
            }
            else
            {
                src.CopyTo(dst);
            }

            return;
        }

        // Reached when the box has extent one along the innermost axes: its rows are then strided.
        for (var j = 0; j < length; j++)
        {
            var v = source[si + (j * sStride)];
            target[ti + (j * tStride)] = accumulate ? target[ti + (j * tStride)] + v : v;
        }
    }
}

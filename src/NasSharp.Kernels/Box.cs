namespace NasSharp.Kernels;

/// <summary>
/// Copies (or adds) the box described by a <see cref="BoxLayout"/> from a source to a target tensor,
/// one contiguous inner row at a time. The forward and backward passes of slicing, concatenation and
/// padding are all this copy with source and target exchanged. Elements are independent, so results
/// never depend on threads.
/// </summary>
public static class Box
{
    /// <summary>Effectively computes target[box at target offset] (+)= source[box at source offset].</summary>
    public static void Copy(BoxLayout layout, ReadOnlySpan<float> source, Span<float> target, bool accumulate = false)
    {
        if (source.Length != layout.SourceCount || target.Length != layout.TargetCount)
        {
            throw new ArgumentException($"Box: buffers (source {source.Length}, target {target.Length}) do not match the layout ({layout.SourceCount}, {layout.TargetCount}).");
        }

        var e = layout.Extent;
        var s = layout.SourceStrides;
        var t = layout.TargetStrides;
        for (var i0 = 0; i0 < e[0]; i0++)
        {
            for (var i1 = 0; i1 < e[1]; i1++)
            {
                for (var i2 = 0; i2 < e[2]; i2++)
                {
                    for (var i3 = 0; i3 < e[3]; i3++)
                    {
                        var si = layout.SourceStart + (i0 * s[0]) + (i1 * s[1]) + (i2 * s[2]) + (i3 * s[3]);
                        var ti = layout.TargetStart + (i0 * t[0]) + (i1 * t[1]) + (i2 * t[2]) + (i3 * t[3]);
                        Row(source, si, s[4], target, ti, t[4], e[4], accumulate);
                    }
                }
            }
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

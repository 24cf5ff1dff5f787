namespace NasSharp.Kernels.Reference;

/// <summary>Per-element index arithmetic over the unmerged dimensions: the test oracle for <see cref="Box"/>.</summary>
public static class BoxReference
{
    public static void Copy(
        int[] extent, int[] sourceDims, int[] sourceOffset, int[] targetDims, int[] targetOffset,
        ReadOnlySpan<float> source, Span<float> target, bool accumulate = false)
    {
        var rank = extent.Length;
        var count = 1;
        foreach (var e in extent)
        {
            count *= e;
        }

        var index = new int[rank];
        for (var b = 0; b < count; b++)
        {
            var rest = b;
            for (var d = rank - 1; d >= 0; d--)
            {
                index[d] = rest % extent[d];
                rest /= extent[d];
            }

            var s = 0;
            var t = 0;
            for (var d = 0; d < rank; d++)
            {
                s = (s * sourceDims[d]) + sourceOffset[d] + index[d];
                t = (t * targetDims[d]) + targetOffset[d] + index[d];
            }

            target[t] = accumulate ? target[t] + source[s] : source[s];
        }
    }
}

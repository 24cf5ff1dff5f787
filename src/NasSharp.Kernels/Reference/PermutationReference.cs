namespace NasSharp.Kernels.Reference;

/// <summary>Per-element index arithmetic: the test oracle for <see cref="Permutation"/>.</summary>
public static class PermutationReference
{
    public static void Apply(ReadOnlySpan<int> dims, ReadOnlySpan<int> axes, ReadOnlySpan<float> src, Span<float> dst, bool accumulate = false)
    {
        var rank = dims.Length;
        var outDims = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            outDims[d] = dims[axes[d]];
        }

        var index = new int[rank];
        for (var o = 0; o < dst.Length; o++)
        {
            // Multi-index of output element o, then the same coordinates placed on the source axes.
            var rest = o;
            for (var d = rank - 1; d >= 0; d--)
            {
                index[axes[d]] = rest % outDims[d];
                rest /= outDims[d];
            }

            var s = 0;
            for (var a = 0; a < rank; a++)
            {
                s = (s * dims[a]) + index[a];
            }

            dst[o] = accumulate ? dst[o] + src[s] : src[s];
        }
    }
}

namespace NasSharp.Kernels.Reference;

/// <summary>Scalar triple loop: the test oracle for <see cref="Reduction"/>.</summary>
public static class ReductionReference
{
    /// <summary>dst[o, i] (+)= sum over k of src[o, k, i], adding k in index order.</summary>
    public static void Sum(ReductionLayout layout, ReadOnlySpan<float> src, Span<float> dst)
    {
        layout.Validate(src.Length, dst.Length);
        var (outer, length, inner) = (layout.Outer, layout.Length, layout.Inner);
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var sum = 0f;
                for (var k = 0; k < length; k++)
                {
                    sum += src[(((o * length) + k) * inner) + i];
                }

                dst[(o * inner) + i] = layout.Accumulate ? dst[(o * inner) + i] + sum : sum;
            }
        }
    }
}

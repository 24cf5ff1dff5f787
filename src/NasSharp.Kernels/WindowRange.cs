namespace NasSharp.Kernels;

/// <summary>
/// For a sliding window tap at offset <c>offset</c> (= k Dilation - Padding), input index
/// <c>o Stride + offset</c> lies in [0, inSize) exactly for output positions o in [Lo, Hi). Computing
/// the range once per row lets convolution and pooling inner loops run without bounds tests.
/// </summary>
internal static class WindowRange
{
    /// <summary>The output range [Lo, Hi) with a valid tap, Lo &lt;= Hi &lt;= outSize (empty as Lo == Hi).</summary>
    public static (int Lo, int Hi) Valid(int outSize, int inSize, int stride, int offset)
    {
        var lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        var hi = inSize - offset <= 0 ? 0 : Math.Min(outSize, (inSize - offset + stride - 1) / stride);
        lo = Math.Min(lo, outSize);
        return (lo, Math.Max(lo, hi));
    }
}

using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// Where a depthwise weight-gradient walk puts each image's tap chains (per channel, one 8-lane vector per tap, summed
/// from zero over the image's plane): added to running totals, or, for a block that starts later in the batch, kept
/// per image, for the totals to take in image order once the first block is done (<see cref="DepthwiseWeightBlocks"/>).
/// Either way every tap's total is the same sum, in the same order, as one walk over the whole batch.
/// </summary>
internal readonly unsafe struct DepthwiseTapTotals(Vector256<float>* start, int channels, int taps, int firstImage, bool perImage)
{
    /// <summary>
    /// The taps' vectors that image <paramref name="n"/>'s chains of channel <paramref name="channel"/> (counted from the
    /// block's first) are added to: the running totals, or that image's own, zeroed here.
    /// </summary>
    public Vector256<float>* For(int n, int channel)
    {
        if (!perImage)
        {
            return start + ((long)channel * taps);
        }

        var at = start + (((((long)n - firstImage) * channels) + channel) * taps);
        for (var t = 0; t < taps; t++)
        {
            at[t] = Vector256<float>.Zero;
        }

        return at;
    }
}

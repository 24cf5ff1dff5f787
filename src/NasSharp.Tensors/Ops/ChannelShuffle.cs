using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// ShuffleNet's channel shuffle (Zhang et al. 2018, section 3.1) on an NCHW tensor: the C channels,
    /// seen as <paramref name="groups"/> rows of C / groups, are transposed, so output channel
    /// j * groups + g is input channel g * (C / groups) + j. In effect reshape to [N, groups, C / groups, H * W],
    /// swap axes 1 and 2, reshape back; the gradient is the inverse shuffle.
    /// </summary>
    public static Tensor ChannelShuffle(Tensor x, int groups)
    {
        var s = x.Shape;
        if (s.Rank != 4 || groups <= 0 || s[1] % groups != 0)
        {
            throw new ArgumentException($"ChannelShuffle: input {s} must be [N, C, H, W] with C divisible by groups {groups}.");
        }

        var output = Tensor.Uninitialized(s);
        Permutation.Apply([s[0], groups, s[1] / groups, s[2] * s[3]], SwapGroupAxes, x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new ChannelShuffleBackward(x, groups)) : output;
    }

    private static ReadOnlySpan<int> SwapGroupAxes => [0, 2, 1, 3];

    private sealed class ChannelShuffleBackward(Tensor x, int groups) : BackwardNode(x)
    {
        public override string OpName => nameof(ChannelShuffle);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradTargetOf(x, out var accumulate);
            if (!g.IsEmpty)
            {
                // The output is laid out as [N, C / groups, groups, H * W]; swapping back undoes the shuffle.
                var s = x.Shape;
                Permutation.Apply([s[0], s[1] / groups, groups, s[2] * s[3]], SwapGroupAxes, outputGrad.Data, g, accumulate);
            }
        }
    }
}

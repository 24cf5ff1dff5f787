namespace NasSharp.Kernels.Tests;

/// <summary>
/// The depthwise weight gradient's arithmetic, pinned by a scalar model: for each output channel and tap, 8 lanes (an
/// output's column mod 8); per image, each lane chains from zero one fused multiply-add dY x input per 8-column chunk
/// of the output rows in order (zero where the input lies in the padding or the chunk passes the row's end), and
/// adds the chain to its lane's total in image order; the 8 totals are summed as ((l0 + l1) + (l2 + l3)) + ((l4 + l5) +
/// (l6 + l7)) and added to dw. Any schedule must give these bits.
/// </summary>
public class DepthwiseBackwardWeightOrderTests
{
    /// <summary>N, C, H, W, Cout, K, stride, padding, dilation: 8 x 8 planes at stride 1 (3x3, 5x5, 7x7, dilated, two
    /// outputs per channel, an odd image count), then 4 x 4 outputs (from 4 x 4 planes at stride 1, 8 x 8 and 7 x 7 at
    /// stride 2, 16 x 16 at stride 4), stride 2, wide and odd planes.</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 3, 4, 8, 8, 4, 3, 1, 1, 1 },
        new[] { 2, 3, 8, 8, 3, 5, 1, 2, 1 },
        new[] { 2, 2, 8, 8, 2, 7, 1, 3, 1 },
        new[] { 2, 3, 8, 8, 3, 3, 1, 2, 2 },
        new[] { 3, 2, 8, 8, 4, 3, 1, 1, 1 },
        new[] { 2, 3, 4, 4, 3, 3, 1, 1, 1 },
        new[] { 3, 2, 4, 4, 2, 5, 1, 2, 1 },
        new[] { 2, 2, 4, 4, 2, 7, 1, 3, 1 },
        new[] { 2, 2, 4, 4, 2, 3, 1, 2, 2 },
        new[] { 3, 2, 4, 4, 4, 3, 1, 1, 1 },
        new[] { 2, 3, 8, 8, 3, 3, 2, 1, 1 },
        new[] { 3, 2, 8, 8, 2, 5, 2, 2, 1 },
        new[] { 2, 2, 8, 8, 4, 7, 2, 3, 1 },
        new[] { 2, 2, 7, 7, 2, 3, 2, 1, 1 },
        new[] { 2, 2, 16, 16, 2, 3, 4, 1, 1 },
        new[] { 2, 2, 16, 16, 2, 5, 2, 2, 1 },
        new[] { 2, 2, 32, 32, 2, 3, 2, 1, 1 },
        new[] { 1, 2, 34, 36, 2, 5, 2, 2, 1 },
        new[] { 2, 3, 32, 32, 3, 3, 1, 1, 1 },   // stride 1 on rows of 16 and 32 (whole chunks): the row-reuse path (3x3,
        new[] { 2, 2, 32, 32, 2, 5, 1, 2, 1 },   // 5x5, dilated, two outputs per channel, planes shorter than the
        new[] { 2, 2, 32, 32, 2, 3, 1, 2, 2 },   // kernel's reach, rows of 24)
        new[] { 2, 2, 16, 16, 2, 5, 1, 4, 2 },
        new[] { 3, 2, 16, 16, 4, 3, 1, 1, 1 },
        new[] { 1, 2, 3, 16, 2, 5, 1, 2, 1 },
        new[] { 1, 2, 2, 32, 2, 5, 1, 4, 2 },
        new[] { 2, 2, 5, 24, 2, 3, 1, 1, 1 },
        new[] { 1, 2, 10, 12, 2, 3, 1, 1, 1 },
        new[] { 1, 2, 7, 9, 2, 3, 1, 1, 1 },
        new[] { 2, 11, 16, 16, 11, 3, 1, 1, 1 }, // more channels than a block of 8 (blocks walk images outermost): the
        new[] { 2, 10, 32, 32, 10, 5, 1, 2, 1 }, // staged path, the row-reuse path, stride 2, two outputs per channel
        new[] { 2, 9, 16, 16, 9, 5, 2, 2, 1 },   // across a block's edge, 8 x 8 planes
        new[] { 2, 5, 32, 32, 10, 3, 1, 1, 1 },
        new[] { 2, 9, 8, 8, 9, 3, 1, 1, 1 },
        new[] { 2, 3, 28, 28, 3, 3, 1, 1, 1 },   // stride 1 on rows that are not whole chunks, their ends read under masks (28
        new[] { 2, 2, 28, 28, 2, 5, 1, 4, 2 },   // and 25 wide: the row-reuse path; 14, 13, 7, 5: in place; 3x3, 5x5, dilated,
        new[] { 1, 2, 9, 25, 2, 3, 1, 1, 1 },    // two outputs per channel, more channels than a block, planes shorter than
        new[] { 3, 3, 14, 14, 3, 5, 1, 2, 1 },   // the kernel's reach)
        new[] { 2, 2, 14, 14, 2, 3, 1, 2, 2 },
        new[] { 2, 3, 7, 7, 3, 3, 1, 1, 1 },
        new[] { 3, 2, 7, 7, 4, 5, 1, 2, 1 },
        new[] { 2, 10, 7, 7, 10, 5, 1, 4, 2 },
        new[] { 1, 2, 2, 13, 2, 5, 1, 2, 1 },
        new[] { 1, 2, 9, 5, 2, 3, 1, 1, 1 },
        new[] { 2, 3, 28, 28, 3, 3, 2, 1, 1 },   // stride 2 read in place, two masked loads per chunk and a permute per
        new[] { 2, 2, 28, 28, 2, 5, 2, 4, 2 },   // kernel column (28 -> 14, 14 -> 7: DARTS's reduction cells on 28 x 28
        new[] { 3, 10, 14, 14, 10, 3, 2, 2, 2 }, // images; 3x3, 5x5, dilated, more channels than a block, two outputs
        new[] { 2, 3, 14, 14, 6, 5, 2, 2, 1 },   // per channel, odd planes, three chunks per output row)
        new[] { 1, 2, 13, 15, 2, 3, 2, 1, 1 },
        new[] { 1, 2, 9, 40, 2, 5, 2, 2, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardWeight_IsLaneChainsPerImageThenTheLaneSum(int[] d)
    {
        var g = new Conv2dGeometry(d[0], d[1], d[2], d[3], d[4], d[5], d[5], d[6], d[7], d[8], d[1]);
        Assert.True(g.IsDepthwise);
        var x = TestData.Random(1, g.InputLength);
        var dy = TestData.Random(2, g.OutputLength);
        for (var i = 0; i < dy.Length; i += 5)
        {
            dy[i] = -0f;
        }

        var start = TestData.Random(3, g.WeightLength);
        for (var i = 0; i < start.Length; i += 4)
        {
            start[i] = -0f;
        }

        var actual = (float[])start.Clone();
        Convolution.BackwardWeight(g, x, dy, actual, []);
        var expected = Model(g, x, dy, (float[])start.Clone());
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>4 x 4 outputs (<c>DepthwiseFourByFourWeights</c>) and stride 2 read in place (<c>DepthwiseStrideTwoWeights</c>):
    /// with infinities and a NaN among the inputs, the taps that read padding, or lie past the output row's end, still see
    /// zeros, so every weight gradient is the model's, non-finite ones included.</summary>
    [Theory]
    [InlineData(2, 3, 4, 4, 3, 3, 1, 1, 1)]
    [InlineData(2, 2, 4, 4, 2, 5, 1, 2, 1)]
    [InlineData(2, 3, 8, 8, 3, 3, 2, 1, 1)]
    [InlineData(2, 2, 8, 8, 2, 7, 2, 3, 1)]
    [InlineData(2, 3, 14, 14, 3, 3, 2, 1, 1)]
    [InlineData(2, 2, 28, 28, 2, 5, 2, 2, 1)]
    public void BackwardWeight_WithNonFiniteInputs_KeepsThemToTheirTaps(int n, int c, int h, int w, int cout, int k, int stride, int padding, int dilation)
    {
        var g = new Conv2dGeometry(n, c, h, w, cout, k, k, stride, padding, dilation, c);
        var x = TestData.Random(1, g.InputLength);
        (x[5], x[g.InPlane + 3], x[(2 * g.InPlane) - 1]) = (float.PositiveInfinity, float.NegativeInfinity, float.NaN);
        var dy = TestData.Random(2, g.OutputLength);
        var actual = new float[g.WeightLength];
        Convolution.BackwardWeight(g, x, dy, actual, []);
        var expected = Model(g, x, dy, new float[g.WeightLength]);
        Assert.Contains(expected, v => !float.IsFinite(v));
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    private static float[] Model(Conv2dGeometry g, float[] x, float[] dy, float[] dw)
    {
        var taps = g.KH * g.KW;
        for (var co = 0; co < g.Cout; co++)
        {
            var ci = co / g.OutPerGroup;
            for (var t = 0; t < taps; t++)
            {
                var (kh, kw) = Math.DivRem(t, g.KW);
                var lanes = new float[8];
                for (var n = 0; n < g.N; n++)
                {
                    for (var lane = 0; lane < 8; lane++)
                    {
                        var chain = 0f;
                        for (var oh = 0; oh < g.OutH; oh++)
                        {
                            for (var ow = lane; ow < ((g.OutW + 7) / 8 * 8); ow += 8)
                            {
                                var (ih, iw) = ((oh * g.Stride) + (kh * g.Dilation) - g.Padding, (ow * g.Stride) + (kw * g.Dilation) - g.Padding);
                                var inside = ow < g.OutW && ih >= 0 && ih < g.H && iw >= 0 && iw < g.W;
                                var gradient = ow < g.OutW ? dy[(((((n * g.Cout) + co) * g.OutH) + oh) * g.OutW) + ow] : 0f;
                                var input = inside ? x[(((((n * g.Cin) + ci) * g.H) + ih) * g.W) + iw] : 0f;
                                chain = MathF.FusedMultiplyAdd(gradient, input, chain);
                            }
                        }

                        lanes[lane] += chain;
                    }
                }

                var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
                dw[(co * taps) + t] += sum;
            }
        }

        return dw;
    }
}

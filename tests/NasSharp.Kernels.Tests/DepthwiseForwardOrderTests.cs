namespace NasSharp.Kernels.Tests;

/// <summary>
/// The depthwise forward's arithmetic, pinned by a scalar model: every output is the bias, then one fused multiply-add
/// per tap in tap order, padding taps included (they add w x 0). The 4 x 4 permute path and the general staged path
/// must both give these bits.
/// </summary>
public class DepthwiseForwardOrderTests
{
    /// <summary>N, C, H, W, Cout, K, stride, padding, dilation, bias: the 4 x 4 permute path (3x3, 5x5, 7x7, dilated,
    /// two outputs per channel, no bias), 8 x 8 planes (row pairs at stride 1 up to 5 x 5, staged at 7 x 7; phases at
    /// stride 2), then staged planes (odd sizes).</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 3, 5, 4, 4, 5, 3, 1, 1, 1, 1 },
        new[] { 2, 4, 4, 4, 4, 5, 1, 2, 1, 1 },
        new[] { 2, 3, 4, 4, 3, 7, 1, 3, 1, 0 },
        new[] { 2, 3, 4, 4, 3, 3, 1, 2, 2, 1 },
        new[] { 2, 3, 4, 4, 6, 3, 1, 1, 1, 1 },
        new[] { 2, 3, 8, 8, 3, 3, 1, 1, 1, 1 },   // 8 x 8 at stride 1: the row-pair path (3x3, 5x5, dilated, two outputs per channel)
        new[] { 3, 3, 8, 8, 3, 5, 1, 2, 1, 0 },
        new[] { 2, 3, 8, 8, 3, 3, 1, 2, 2, 1 },
        new[] { 2, 2, 8, 8, 4, 3, 1, 1, 1, 1 },
        new[] { 1, 2, 8, 8, 2, 7, 1, 3, 1, 1 },
        new[] { 2, 3, 8, 8, 3, 5, 2, 2, 1, 1 },
        new[] { 3, 5, 8, 8, 5, 3, 2, 1, 1, 1 },   // 8 x 8 at stride 2: the phase permute path (3x3, 7x7, dilated, two outputs per channel)
        new[] { 2, 3, 8, 8, 3, 7, 2, 3, 1, 0 },
        new[] { 2, 3, 8, 8, 3, 3, 2, 2, 2, 1 },
        new[] { 2, 3, 8, 8, 6, 3, 2, 1, 1, 1 },
        new[] { 2, 3, 16, 16, 3, 3, 1, 1, 1, 1 }, // stride 1, rows of 16 and 32, staged (3x3, 5x5, 7x7, dilated, two outputs
        new[] { 1, 2, 16, 16, 2, 5, 1, 2, 1, 0 }, // per channel, odd row counts)
        new[] { 1, 2, 16, 16, 2, 7, 1, 3, 1, 1 },
        new[] { 1, 2, 16, 16, 2, 3, 1, 2, 2, 1 },
        new[] { 1, 2, 6, 16, 4, 3, 1, 1, 1, 1 },
        new[] { 2, 3, 32, 32, 3, 3, 1, 1, 1, 1 },
        new[] { 1, 2, 32, 32, 2, 5, 1, 2, 1, 0 },
        new[] { 1, 2, 5, 32, 2, 7, 1, 3, 1, 1 },
        new[] { 1, 2, 32, 32, 2, 3, 1, 2, 2, 1 },
        new[] { 1, 2, 7, 32, 4, 3, 1, 1, 1, 1 },
        new[] { 2, 3, 32, 32, 3, 5, 1, 4, 2, 1 }, // stride 1, rows of 16 and 32, more: DARTS's dil_conv_5x5 (dilation 2), 1 x 1,
        new[] { 2, 3, 16, 16, 3, 5, 1, 4, 2, 0 }, // rows of 16 in a block of 8 with some past the plane
        new[] { 1, 2, 16, 16, 2, 1, 1, 0, 1, 1 },
        new[] { 2, 2, 8, 32, 2, 1, 1, 0, 1, 1 },
        new[] { 1, 2, 11, 16, 2, 5, 1, 2, 1, 1 },
        new[] { 2, 3, 32, 32, 3, 3, 2, 1, 1, 1 }, // stride 2, rows of 32 and 16: the column-phase permute path (3x3, 5x5, 7x7,
        new[] { 1, 2, 32, 32, 2, 5, 2, 2, 1, 0 }, // dilated, two outputs per channel, fewer rows than columns)
        new[] { 1, 2, 32, 32, 2, 7, 2, 3, 1, 1 },
        new[] { 1, 2, 32, 32, 2, 3, 2, 2, 2, 1 },
        new[] { 1, 2, 12, 32, 4, 3, 2, 1, 1, 1 },
        new[] { 2, 3, 16, 16, 3, 3, 2, 1, 1, 1 },
        new[] { 2, 3, 16, 16, 3, 5, 2, 2, 1, 0 },
        new[] { 1, 2, 16, 16, 2, 7, 2, 3, 1, 1 },
        new[] { 1, 2, 16, 16, 2, 3, 2, 2, 2, 1 },
        new[] { 1, 2, 8, 16, 4, 3, 2, 1, 1, 1 },
        new[] { 1, 2, 34, 36, 2, 5, 2, 2, 1, 0 }, // stride 2, staged: 32 and more columns deinterleaved 32 at a time
        new[] { 1, 2, 14, 16, 2, 3, 2, 1, 1, 1 }, // rows of 16 but not a multiple of 4 of them: staged
        new[] { 1, 2, 7, 9, 2, 3, 1, 1, 1, 0 },
        new[] { 2, 3, 28, 28, 3, 3, 1, 1, 1, 1 }, // stride 1, rows of 5-31 under a mask (28 x 28, 14 x 14 and 7 x 7 images: 3x3,
        new[] { 1, 2, 28, 28, 2, 5, 1, 2, 1, 0 }, // 5x5, dilated, 7x7, two outputs per channel, odd row counts, 24, 20, 5 wide)
        new[] { 1, 2, 28, 28, 2, 5, 1, 4, 2, 1 },
        new[] { 2, 3, 14, 14, 3, 3, 1, 1, 1, 1 },
        new[] { 1, 2, 14, 14, 2, 5, 1, 4, 2, 0 },
        new[] { 1, 2, 9, 14, 4, 3, 1, 1, 1, 1 },
        new[] { 2, 3, 7, 7, 3, 3, 1, 1, 1, 1 },
        new[] { 2, 3, 7, 7, 3, 5, 1, 2, 1, 0 },
        new[] { 1, 2, 7, 7, 2, 5, 1, 4, 2, 1 },
        new[] { 1, 2, 7, 7, 2, 7, 1, 3, 1, 1 },
        new[] { 1, 2, 5, 24, 4, 3, 1, 1, 1, 1 },
        new[] { 1, 2, 11, 20, 2, 7, 1, 3, 1, 0 },
        new[] { 1, 3, 6, 5, 3, 3, 1, 1, 1, 1 },
        new[] { 2, 3, 28, 28, 3, 3, 2, 1, 1, 1 }, // stride 2 on rows of 28, 14 and other even widths under 32: one output row a
        new[] { 1, 2, 28, 28, 2, 5, 2, 2, 1, 0 }, // vector under a mask (3x3, 5x5, dilated, two outputs per channel, 7 and 13
        new[] { 1, 2, 28, 28, 2, 5, 2, 4, 2, 1 }, // output rows, 30, 22 and 10 wide)
        new[] { 2, 3, 14, 14, 3, 3, 2, 1, 1, 1 },
        new[] { 1, 2, 14, 14, 2, 5, 2, 2, 1, 0 },
        new[] { 1, 2, 14, 14, 4, 3, 2, 2, 2, 1 },
        new[] { 1, 2, 26, 30, 2, 3, 2, 1, 1, 1 },
        new[] { 1, 2, 6, 22, 2, 5, 2, 2, 1, 1 },
        new[] { 1, 2, 10, 10, 2, 3, 2, 1, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_IsBiasThenOneFusedMultiplyAddPerTapInOrder(int[] d)
    {
        var g = new Conv2dGeometry(d[0], d[1], d[2], d[3], d[4], d[5], d[5], d[6], d[7], d[8], d[1]);
        Assert.True(g.IsDepthwise);
        var x = TestData.Random(1, g.InputLength);
        for (var i = 0; i < x.Length; i += 7)
        {
            x[i] = -0f;
        }

        var w = TestData.Random(2, g.WeightLength);
        var bias = d[9] == 1 ? TestData.Random(3, g.Cout) : [];
        if (bias.Length > 0)
        {
            bias[0] = -0f;
        }

        var actual = new float[g.OutputLength];
        Convolution.Forward(g, x, w, bias, actual);
        Assert.Equal(Model(g, x, w, bias).Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    private static float[] Model(Conv2dGeometry g, float[] x, float[] w, float[] bias)
    {
        var y = new float[g.OutputLength];
        var taps = g.KH * g.KW;
        for (var n = 0; n < g.N; n++)
        {
            for (var co = 0; co < g.Cout; co++)
            {
                var ci = co / g.OutPerGroup;
                for (var oh = 0; oh < g.OutH; oh++)
                {
                    for (var ow = 0; ow < g.OutW; ow++)
                    {
                        var sum = bias.Length == 0 ? 0f : bias[co];
                        for (var t = 0; t < taps; t++)
                        {
                            var (kh, kw) = Math.DivRem(t, g.KW);
                            var (ih, iw) = ((oh * g.Stride) + (kh * g.Dilation) - g.Padding, (ow * g.Stride) + (kw * g.Dilation) - g.Padding);
                            var value = ih >= 0 && ih < g.H && iw >= 0 && iw < g.W ? x[((((n * g.Cin) + ci) * g.H) + ih) * g.W + iw] : 0f;
                            sum = MathF.FusedMultiplyAdd(value, w[(co * taps) + t], sum);
                        }

                        y[((((n * g.Cout) + co) * g.OutH) + oh) * g.OutW + ow] = sum;
                    }
                }
            }
        }

        return y;
    }
}

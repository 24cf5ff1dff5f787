namespace NasSharp.Kernels.Tests;

/// <summary>
/// The depthwise input gradient's arithmetic, pinned by a scalar model: per output channel, one fused multiply-add per
/// tap in tap order (dY under the flipped tap, zero outside or between the strided positions), output channels of one
/// input plane in order. At stride 1, rows of whole 8-lane chunks (W a multiple of 8) chain straight from dx (from zero
/// when not accumulating); narrower planes, the 4 x 4 permute path included, and every stride-2 plane (phase by
/// phase, the 8 x 8 permute path included) chain from zero and add the sum to dx. (A chain from zero holds -0 only
/// when a product underflows to -0, which this data never does; so the zero terms a phase skips leave its bits as the
/// model's.)
/// </summary>
public class DepthwiseBackwardDataOrderTests
{
    /// <summary>N, C, H, W, Cout, K, padding, dilation[, stride].</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 3, 5, 4, 4, 5, 3, 1, 1 },
        new[] { 2, 4, 4, 4, 4, 5, 2, 1 },
        new[] { 2, 3, 4, 4, 3, 7, 3, 1 },
        new[] { 2, 3, 4, 4, 3, 3, 2, 2 },
        new[] { 2, 3, 4, 4, 6, 3, 1, 1 },
        new[] { 2, 3, 8, 8, 3, 3, 1, 1 },   // 8 x 8: rows of whole chunks, chained from dx
        new[] { 2, 2, 8, 8, 4, 3, 1, 1 },   // two output channels per plane chain on from one another
        new[] { 2, 2, 8, 8, 2, 5, 2, 1 },
        new[] { 1, 2, 8, 8, 2, 7, 3, 1 },
        new[] { 2, 2, 8, 8, 2, 3, 2, 2 },
        new[] { 1, 2, 8, 16, 2, 3, 1, 1 },  // rows of 16, 24 and 32: staged, rows of whole chunks chained from dx (3x3, 5x5,
        new[] { 2, 3, 16, 16, 3, 3, 1, 1 }, // 7x7, dilated, two outputs per channel, odd row counts)
        new[] { 1, 2, 16, 16, 2, 5, 2, 1 },
        new[] { 1, 2, 16, 16, 2, 7, 3, 1 },
        new[] { 1, 2, 16, 16, 2, 3, 2, 2 },
        new[] { 1, 2, 6, 16, 4, 3, 1, 1 },
        new[] { 2, 3, 32, 32, 3, 3, 1, 1 },
        new[] { 1, 2, 32, 32, 2, 5, 2, 1 },
        new[] { 1, 2, 5, 32, 2, 7, 3, 1 },
        new[] { 1, 2, 32, 32, 2, 3, 2, 2 },
        new[] { 1, 2, 7, 32, 4, 3, 1, 1 },
        new[] { 2, 3, 32, 32, 3, 5, 4, 2 }, // DARTS's dil_conv_5x5 (dilation 2), 1 x 1, rows of 16 with some of a block past the plane
        new[] { 2, 3, 16, 16, 3, 5, 4, 2 },
        new[] { 1, 2, 16, 16, 2, 1, 0, 1 },
        new[] { 2, 2, 8, 32, 2, 1, 0, 1 },
        new[] { 1, 2, 11, 16, 2, 5, 2, 1 },
        new[] { 1, 2, 8, 24, 2, 3, 1, 1 },
        new[] { 1, 2, 7, 9, 2, 3, 1, 1 },
        new[] { 2, 3, 28, 28, 3, 3, 1, 1 },    // rows of 5-31 under a mask (28 x 28, 14 x 14, 7 x 7 images: 3x3, 5x5, dilated,
        new[] { 1, 2, 28, 28, 2, 5, 4, 2 },    // 7x7, two outputs per channel, odd row counts; 24 wide chains from dx)
        new[] { 1, 2, 13, 28, 4, 3, 1, 1 },
        new[] { 2, 3, 14, 14, 3, 3, 1, 1 },
        new[] { 1, 2, 14, 14, 2, 5, 2, 1 },
        new[] { 1, 2, 14, 14, 2, 5, 4, 2 },
        new[] { 2, 3, 7, 7, 3, 3, 1, 1 },
        new[] { 2, 2, 7, 7, 4, 5, 2, 1 },
        new[] { 1, 2, 7, 7, 2, 3, 2, 2 },
        new[] { 1, 2, 7, 7, 2, 7, 3, 1 },
        new[] { 1, 2, 9, 24, 4, 3, 1, 1 },
        new[] { 1, 2, 11, 20, 2, 5, 2, 1 },
        new[] { 1, 3, 6, 5, 3, 3, 1, 1 },
        new[] { 3, 5, 8, 8, 5, 3, 1, 1, 2 },   // stride 2 (last element), 8 x 8: the phase permute path; chains from zero
        new[] { 2, 3, 8, 8, 3, 5, 2, 1, 2 },
        new[] { 2, 3, 8, 8, 3, 7, 3, 1, 2 },
        new[] { 2, 3, 8, 8, 3, 3, 2, 2, 2 },
        new[] { 2, 3, 8, 8, 6, 3, 1, 1, 2 },
        new[] { 2, 2, 16, 16, 2, 3, 1, 1, 2 },  // stride 2, rows of 16 and 32: the column-phase permute path (3x3, 5x5, 7x7,
        new[] { 2, 3, 16, 16, 3, 5, 2, 1, 2 },  // dilated, two outputs per channel, fewer rows than columns)
        new[] { 1, 2, 16, 16, 2, 7, 3, 1, 2 },
        new[] { 1, 2, 16, 16, 2, 3, 2, 2, 2 },
        new[] { 1, 2, 8, 16, 4, 3, 1, 1, 2 },
        new[] { 1, 2, 32, 32, 2, 3, 1, 1, 2 },
        new[] { 1, 2, 32, 32, 2, 5, 2, 1, 2 },
        new[] { 1, 2, 32, 32, 2, 7, 3, 1, 2 },
        new[] { 1, 2, 32, 32, 2, 3, 2, 2, 2 },
        new[] { 1, 2, 6, 32, 4, 3, 1, 1, 2 },
        new[] { 1, 2, 14, 16, 2, 3, 1, 1, 2 },  // stride 2, staged: rows of 16 but not a multiple of 4 of them
        new[] { 1, 2, 34, 36, 2, 5, 2, 1, 2 },  // stride 2, staged: 32 and more columns interleaved 32 at a time
        new[] { 2, 3, 28, 28, 3, 3, 1, 1, 2 },  // stride 2 on rows of 28, 14 and other even widths under 32: one dx row a pair
        new[] { 1, 2, 28, 28, 2, 5, 2, 1, 2 },  // of vectors under a mask (3x3, 5x5, dilated, two outputs per channel, 7 and
        new[] { 1, 2, 28, 28, 2, 5, 4, 2, 2 },  // 13 output rows, 30, 22 and 10 wide)
        new[] { 2, 3, 14, 14, 3, 3, 1, 1, 2 },
        new[] { 1, 2, 14, 14, 2, 5, 2, 1, 2 },
        new[] { 1, 2, 14, 14, 4, 3, 2, 2, 2 },
        new[] { 1, 2, 26, 30, 2, 3, 1, 1, 2 },
        new[] { 1, 2, 6, 22, 2, 5, 2, 1, 2 },
        new[] { 1, 2, 10, 10, 2, 3, 1, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardData_IsAChainFromZeroPerOutputChannelAddedToDx(int[] d)
    {
        foreach (var accumulate in new[] { false, true })
        {
            var g = new Conv2dGeometry(d[0], d[1], d[2], d[3], d[4], d[5], d[5], d.Length > 8 ? d[8] : 1, d[6], d[7], d[1]);
            var dy = TestData.Random(1, g.OutputLength);
            for (var i = 0; i < dy.Length; i += 5)
            {
                dy[i] = -0f;
            }

            var w = TestData.Random(2, g.WeightLength);
            var start = TestData.Random(3, g.InputLength);
            for (var i = 0; i < start.Length; i += 3)
            {
                start[i] = -0f;
            }

            var actual = (float[])start.Clone();
            Convolution.BackwardData(g, dy, w, actual, accumulate);
            var expected = Model(g, dy, w, accumulate ? (float[])start.Clone() : new float[start.Length]);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
    }

    private static float[] Model(Conv2dGeometry g, float[] dy, float[] w, float[] dx)
    {
        var taps = g.KH * g.KW;
        for (var n = 0; n < g.N; n++)
        {
            for (var ci = 0; ci < g.Cin; ci++)
            {
                for (var j = 0; j < g.OutPerGroup; j++)
                {
                    var co = (ci * g.OutPerGroup) + j;
                    for (var ih = 0; ih < g.H; ih++)
                    {
                        for (var iw = 0; iw < g.W; iw++)
                        {
                            var index = ((((n * g.Cin) + ci) * g.H) + ih) * g.W + iw;
                            var inPlace = g.W % 8 == 0 && g.Stride == 1;
                            var sum = inPlace ? dx[index] : 0f;
                            for (var t = 0; t < taps; t++)
                            {
                                var (kh, kw) = Math.DivRem(t, g.KW);
                                var (rows, cols) = (ih + g.Padding - (kh * g.Dilation), iw + g.Padding - (kw * g.Dilation));
                                var (oh, ow) = (rows / g.Stride, cols / g.Stride);
                                var hits = rows >= 0 && cols >= 0 && rows % g.Stride == 0 && cols % g.Stride == 0 && oh < g.OutH && ow < g.OutW;
                                var value = hits ? dy[((((n * g.Cout) + co) * g.OutH) + oh) * g.OutW + ow] : 0f;
                                sum = MathF.FusedMultiplyAdd(value, w[(co * taps) + t], sum);
                            }

                            dx[index] = inPlace ? sum : dx[index] + sum;
                        }
                    }
                }
            }
        }

        return dx;
    }
}

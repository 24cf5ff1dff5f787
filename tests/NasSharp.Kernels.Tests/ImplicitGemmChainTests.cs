namespace NasSharp.Kernels.Tests;

/// <summary>
/// The implicit-GEMM convolution's forward and stride-1 input gradient against scalar models of their documented order:
/// each output element is its start (the bias, zero, or the gradient already there) followed by one fused multiply-add
/// per tap in k order (input channel, then kernel row, then column), padding taps included as products with zero.
/// Geometries cover column panels read in place from the padded image (output rows of 32 or 64, or pairs of 16-wide
/// rows, or any other width from shifted copies of the image, a partial last panel packed from them, or joined with the
/// next image's first columns in blocks of images) and packed ones (an odd row count's last half panel, output channels
/// not a multiple of 8), for the input gradient too (its panels are the input channels').
/// </summary>
public class ImplicitGemmChainTests
{
    /// <summary>N, Cin, H, W, Cout, KH, KW, padding, dilation, groups (stride 1).</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 2, 3, 32, 32, 8, 3, 3, 1, 1, 1 },    // one output row of 32 per panel
        new[] { 1, 4, 16, 16, 16, 3, 3, 1, 1, 1 },   // two output rows of 16 per panel
        new[] { 1, 2, 6, 64, 8, 3, 3, 1, 1, 1 },     // rows of 64: two panels per row
        new[] { 1, 3, 32, 32, 8, 3, 3, 2, 2, 1 },    // dilated
        new[] { 1, 4, 16, 16, 16, 3, 3, 1, 1, 2 },   // two groups of 8 output channels
        new[] { 1, 2, 17, 16, 8, 3, 3, 1, 1, 1 },    // odd row count: the last panel has 16 columns, packed
        new[] { 1, 2, 20, 36, 8, 5, 5, 0, 1, 1 },    // no padding: read from the input itself
        new[] { 2, 3, 12, 16, 12, 3, 3, 1, 1, 1 },   // 12 output channels: packed panels
        new[] { 1, 3, 8, 8, 8, 3, 3, 1, 1, 1 },      // 8-wide rows: read in place from three shifted copies (both ways)
        new[] { 2, 8, 8, 8, 16, 5, 5, 2, 1, 2 },     // the same with 5 x 5 taps, two groups
        new[] { 1, 8, 8, 8, 8, 3, 3, 2, 2, 1 },      // the same, dilated
        new[] { 1, 8, 8, 8, 4, 3, 3, 1, 1, 1 },      // input gradient of 8 channels: shifted copies (the forward packs)
        new[] { 1, 3, 4, 8, 8, 3, 3, 1, 1, 1 },      // four output rows of 8: one panel
        new[] { 1, 3, 6, 6, 8, 3, 3, 2, 1, 1 },      // 6 x 6 with padding 2: 8-wide output rows, shifts -2..0
        new[] { 1, 8, 4, 4, 8, 3, 3, 3, 1, 1 },      // padding 3: shifts -3..-1; the input gradient crops (packed, 4-wide)
        new[] { 1, 3, 6, 8, 8, 3, 3, 1, 1, 1 },      // 8-wide rows, 48 positions: a full panel in place, 16 columns packed
        new[] { 2, 3, 28, 28, 8, 3, 3, 1, 1, 1 },    // 28 x 28 images (Fashion-MNIST): rows of 28 in shifted copies
        new[] { 1, 8, 14, 14, 8, 3, 3, 1, 1, 1 },    // 14 x 14: both ways, 196 positions (6 panels and 4 columns)
        new[] { 2, 8, 7, 7, 16, 3, 3, 1, 1, 1 },     // 7 x 7: one panel and 17 columns, both ways
        new[] { 1, 8, 7, 7, 8, 5, 5, 2, 1, 1 },      // 7 x 7, 5 x 5: shifts -2..2 on 7-wide rows
        new[] { 1, 8, 14, 14, 8, 3, 3, 2, 2, 1 },    // 14 x 14 dilated
        new[] { 2, 8, 7, 7, 8, 1, 1, 0, 1, 1 },      // 1 x 1 on 7 x 7: the input itself is the shifted copy
        new[] { 1, 8, 7, 9, 8, 1, 1, 1, 1, 1 },      // 1 x 1 with padding: one shifted copy, a zero border
        new[] { 1, 8, 8, 8, 4, 5, 3, 1, 1, 1 },      // 5 x 3: the input gradient's shifted copies pad rows by 3, columns by 1
        new[] { 1, 2, 9, 33, 8, 3, 3, 1, 1, 1 },     // 33-wide rows: shifted copies, the last partial panel packed from them
        new[] { 1, 8, 32, 32, 4, 3, 3, 1, 1, 1 },    // input gradient of 8 channels: in place (the forward packs)
        new[] { 1, 8, 16, 16, 3, 3, 3, 1, 1, 1 },    // the same on 16-wide rows
        new[] { 1, 16, 16, 16, 16, 3, 3, 1, 1, 2 },  // both ways in place, two groups of 8
        new[] { 1, 8, 12, 32, 8, 5, 5, 2, 1, 1 },    // 5 x 5, padding 2: both ways in place
        new[] { 3, 16, 32, 32, 16, 1, 1, 0, 1, 1 },  // 1 x 1 (read unstaged, next image prefetched), row panel by row panel
        new[] { 2, 8, 16, 16, 24, 1, 1, 0, 1, 1 },   // the same on 16-wide rows, three row panels
        new[] { 20, 8, 7, 7, 16, 3, 3, 1, 1, 1 },    // 7 x 7, 20 images: blocks of 2 images, panels joined across each pair
        new[] { 17, 8, 7, 7, 8, 1, 1, 0, 1, 1 },     // 1 x 1 on 7 x 7, 17 images: the last block has one image
        new[] { 24, 16, 14, 14, 16, 3, 3, 1, 1, 2 }, // 14 x 14, blocks of 3 images, two groups
        new[] { 16, 8, 28, 28, 8, 1, 1, 0, 1, 1 },   // 1 x 1 on 28 x 28: 16 columns carried into the next image
        new[] { 72, 8, 7, 7, 8, 1, 1, 0, 1, 1 },     // blocks of 8 images: 392 columns, 12 panels and 8 columns
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_IsBitwiseOneFusedChainPerOutput(int[] d)
    {
        var g = Geometry(d);
        var (x, w, bias) = (TestData.Random(41, g.InputLength), TestData.Random(42, g.WeightLength), TestData.Random(43, g.Cout));
        foreach (var withBias in new[] { true, false })
        {
            var expected = new float[g.OutputLength];
            for (var n = 0; n < g.N; n++)
            {
                for (var co = 0; co < g.Cout; co++)
                {
                    var group = co / g.OutPerGroup;
                    for (var q = 0; q < g.OutPlane; q++)
                    {
                        var (oh, ow) = Math.DivRem(q, g.OutW);
                        var sum = withBias ? bias[co] : 0f;
                        for (var c = 0; c < g.InPerGroup; c++)
                        {
                            for (var kh = 0; kh < g.KH; kh++)
                            {
                                for (var kw = 0; kw < g.KW; kw++)
                                {
                                    var (h, v) = (oh + (kh * g.Dilation) - g.Padding, ow + (kw * g.Dilation) - g.Padding);
                                    var xv = h < 0 || h >= g.H || v < 0 || v >= g.W ? 0f : x[((((n * g.Cin) + (group * g.InPerGroup) + c) * g.H) + h) * g.W + v];
                                    sum = MathF.FusedMultiplyAdd(w[((((co * g.InPerGroup) + c) * g.KH) + kh) * g.KW + kw], xv, sum);
                                }
                            }
                        }

                        expected[(((n * g.Cout) + co) * g.OutPlane) + q] = sum;
                    }
                }
            }

            var actual = new float[g.OutputLength];
            Convolution.Forward(g, x, w, withBias ? bias : [], actual);
            AssertBitwise(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardData_IsBitwiseOneFusedChainPerInput(int[] d)
    {
        var g = Geometry(d);
        var (dy, w) = (TestData.Random(44, g.OutputLength), TestData.Random(45, g.WeightLength));
        var (padH, padW) = ((g.Dilation * (g.KH - 1)) - g.Padding, (g.Dilation * (g.KW - 1)) - g.Padding);
        var taps = g.KH * g.KW;
        foreach (var accumulate in new[] { true, false })
        {
            var start = TestData.Random(46, g.InputLength);
            var expected = new float[g.InputLength];
            for (var n = 0; n < g.N; n++)
            {
                for (var ci = 0; ci < g.Cin; ci++)
                {
                    var (group, c) = Math.DivRem(ci, g.InPerGroup);
                    for (var p = 0; p < g.InPlane; p++)
                    {
                        var (h, v) = Math.DivRem(p, g.W);
                        var index = (((n * g.Cin) + ci) * g.InPlane) + p;
                        var sum = accumulate ? start[index] : 0f;
                        for (var o = 0; o < g.OutPerGroup; o++)
                        {
                            var co = (group * g.OutPerGroup) + o;
                            for (var t = 0; t < taps; t++)
                            {
                                var (kh, kw) = Math.DivRem(t, g.KW);
                                var (oh, ow) = (h - padH + (kh * g.Dilation), v - padW + (kw * g.Dilation));
                                var dyv = oh < 0 || oh >= g.OutH || ow < 0 || ow >= g.OutW ? 0f : dy[(((n * g.Cout) + co) * g.OutPlane) + (oh * g.OutW) + ow];
                                sum = MathF.FusedMultiplyAdd(w[(((co * g.InPerGroup) + c) * taps) + (taps - 1 - t)], dyv, sum);
                            }
                        }

                        expected[index] = sum;
                    }
                }
            }

            var actual = (float[])start.Clone();
            Convolution.BackwardData(g, dy, w, actual, accumulate);
            AssertBitwise(expected, actual);
        }
    }

    private static Conv2dGeometry Geometry(int[] d) => new(d[0], d[1], d[2], d[3], d[4], d[5], d[6], 1, d[7], d[8], d[9]);

    private static void AssertBitwise(float[] expected, float[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}

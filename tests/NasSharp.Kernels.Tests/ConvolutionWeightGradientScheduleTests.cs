using System.Runtime.Intrinsics;

namespace NasSharp.Kernels.Tests;

/// <summary>
/// The weight gradient's summation order, pinned: a scalar model of the documented schedule (fixed image blocks, chunks
/// of about 1,024 output positions, per chunk 16 lane sums over the whole 16-position segments, position q into lane
/// q mod 16, one horizontal <see cref="Vector512.Sum{T}(Vector512{T})"/>, then the leftover positions with scalar fused
/// multiply-adds, chunks added into the block's partial, partials added in block order) must give the kernel's bits.
/// Any tile shape, loop order or staging is free to change as long as this holds; a different reduction order fails.
/// </summary>
public unsafe class ConvolutionWeightGradientScheduleTests
{
    /// <summary>N, Cin, H, W, Cout, K, stride, padding, groups: the 8 x 3 tiles (rows read in place, paired 8-wide rows,
    /// padded 16- and 32-wide rows), 4 x 4 tiles, partial tiles, shifted copies (other widths at stride 1) and im2col with a
    /// scalar tail, stride 2 (im2col and phases), groups.</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 3, 2, 8, 32, 8, 1, 1, 0, 1 },
        new[] { 5, 3, 8, 8, 16, 3, 1, 1, 1 },
        new[] { 2, 3, 16, 16, 8, 3, 1, 1, 1 },
        new[] { 2, 2, 6, 32, 8, 3, 1, 1, 1 },
        new[] { 3, 4, 8, 16, 4, 1, 1, 0, 1 },
        new[] { 2, 3, 7, 8, 6, 3, 1, 1, 1 },
        new[] { 17, 2, 5, 7, 5, 3, 1, 1, 1 },
        new[] { 3, 2, 9, 11, 8, 3, 2, 1, 1 },
        new[] { 2, 4, 8, 16, 16, 3, 1, 1, 2 },
        new[] { 2, 2, 32, 32, 8, 3, 2, 1, 1 },   // stride 2 from the phases: 16-wide output rows
        new[] { 3, 2, 16, 16, 8, 3, 2, 1, 1 },   // stride 2, 8-wide output rows read in pairs
        new[] { 2, 3, 14, 16, 4, 3, 2, 1, 1 },   // stride 2, 7 rows of 8 (the last row a scalar tail), 4 x 4 tiles
        new[] { 2, 2, 32, 32, 8, 1, 2, 0, 1 },   // stride 2, 1x1, no padding, 16-wide rows
        new[] { 2, 2, 32, 33, 8, 1, 2, 0, 1 },   // stride 2, 1x1, 17-wide rows: im2col
        new[] { 2, 3, 28, 28, 8, 3, 1, 1, 1 },   // 28 x 28 (Fashion-MNIST): one long row from the shifted copies
        new[] { 3, 4, 14, 14, 8, 3, 1, 1, 2 },   // 14 x 14, two groups: each group's shifted copies
        new[] { 21, 8, 7, 7, 8, 3, 1, 1, 1 },    // 7 x 7: 20 images a chunk, three blocks, a 1-position tail; planes restaged to 64 floats
        new[] { 9, 3, 7, 7, 6, 3, 1, 1, 1 },     // 7 x 7 restaged to padded planes for 4 x 4 tiles, the second row block partial
        new[] { 6, 2, 14, 14, 12, 3, 1, 1, 1 },  // 14 x 14: 5 images a chunk, planes restaged to 208 floats, 4 x 4 tiles
        new[] { 11, 2, 14, 14, 16, 3, 1, 1, 1 }, // 14 x 14, 8 x 3 tiles: two row blocks of transposed 4-position tails
        new[] { 7, 2, 14, 14, 16, 3, 1, 1, 2 },  // 14 x 14, two groups of 8 x 3 tiles, transposed tails per group
        new[] { 5, 2, 7, 7, 8, 3, 1, 0, 2 },     // 5 x 5 outputs (a 9-position tail), two groups of 4 x 4 tiles, the last column tile partial
        new[] { 6, 3, 3, 3, 8, 3, 1, 1, 1 },     // 3 x 3 planes: no whole vector, every position a transposed tail
        new[] { 3, 4, 7, 7, 8, 5, 1, 2, 1 },     // 7 x 7, 5 x 5: five shifted copies
        new[] { 3, 8, 7, 7, 8, 1, 1, 0, 1 },     // 1x1 without padding on 7 x 7: the input itself, unstaged
        new[] { 2, 3, 6, 9, 4, 1, 1, 1, 1 },     // 1x1 with padding: one shifted copy with a zero border
        new[] { 17, 2, 8, 8, 16, 3, 1, 1, 1 },   // 8 x 8, two blocks of 8 and 9 images: the output gradient restaged, 8 x 3 tiles
        new[] { 9, 3, 8, 8, 6, 3, 1, 1, 1 },     // restaged for 4 x 4 tiles, the second row block partial
        new[] { 10, 4, 8, 8, 16, 3, 1, 1, 2 },   // restaged, two groups of 8 x 3 tiles
        new[] { 9, 4, 8, 8, 12, 3, 1, 1, 2 },    // restaged, two groups of 4 x 4 tiles with a partial row block each
        new[] { 9, 2, 16, 16, 8, 3, 2, 1, 1 },   // stride 2 onto 8 x 8, restaged
        new[] { 8, 16, 8, 8, 8, 1, 1, 0, 1 },    // 1x1 on 8 x 8 without padding: read in place, restaged
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public unsafe void Accumulate_IsBitwiseTheDocumentedSchedule(int[] d)
    {
        var g = new Conv2dGeometry(d[0], d[1], d[2], d[3], d[4], d[5], d[5], d[6], d[7], 1, d[8]);
        var x = TestData.Random(1, g.InputLength);
        var dy = TestData.Random(2, g.OutputLength);
        var start = TestData.Random(3, g.WeightLength);
        var actual = (float[])start.Clone();
        fixed (float* px = x, pdy = dy, pw = actual)
        {
            ConvolutionWeightGradient.Accumulate(g, px, pdy, pw, null);
        }

        var expected = Schedule(g, x, dy, (float[])start.Clone());
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>N, Cin, H, W, Cout, stride: strided 1x1 convolutions (DARTS's factorized reductions), which run on the
    /// subsampled input (<c>PointwiseStridedConvolution</c>) with the strided geometry's schedule, bias gradient included.</summary>
    public static TheoryData<int[]> StridedPointwise => new()
    {
        new[] { 3, 8, 28, 28, 16, 2 },   // 14 x 14 outputs: im2col rows of 196
        new[] { 21, 4, 14, 14, 8, 2 },   // 7 x 7: three blocks
        new[] { 2, 8, 8, 8, 8, 2 },      // 4 x 4: smaller than a panel, still this schedule
        new[] { 2, 4, 32, 32, 8, 2 },    // 16-wide output rows read from phases
        new[] { 2, 4, 16, 16, 8, 2 },    // 8-wide rows read in pairs
        new[] { 2, 3, 13, 13, 5, 3 },    // stride 3, odd sizes, 4 x 4 tiles
    };

    [Theory]
    [MemberData(nameof(StridedPointwise))]
    public void BackwardWeight_OfAStridedPointwiseConvolution_IsBitwiseTheSchedule(int[] d)
    {
        var g = new Conv2dGeometry(d[0], d[1], d[2], d[3], d[4], 1, 1, d[5], 0, 1, 1);
        var x = TestData.Random(4, g.InputLength);
        var dy = TestData.Random(5, g.OutputLength);
        var start = TestData.Random(6, g.WeightLength);
        var actual = (float[])start.Clone();
        var biasActual = TestData.Random(7, g.Cout);
        var biasExpected = (float[])biasActual.Clone();
        Convolution.BackwardWeight(g, x, dy, actual, biasActual);
        var expected = Schedule(g, x, dy, (float[])start.Clone());
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        fixed (float* px = x, pdy = dy, pb = biasExpected)
        {
            var weights = new float[g.WeightLength];
            fixed (float* pw = weights)
            {
                ConvolutionWeightGradient.Accumulate(g, px, pdy, pw, pb);
            }
        }

        Assert.Equal(biasExpected.Select(BitConverter.SingleToInt32Bits), biasActual.Select(BitConverter.SingleToInt32Bits));
    }

    private static float[] Schedule(Conv2dGeometry g, float[] x, float[] dy, float[] weightGrad)
    {
        const int chunkPositions = 1024;
        var k = g.ColumnRows;
        var blocks = Math.Clamp(KernelParallel.BlockCount(g.N, Math.Max(1, chunkPositions / g.OutPlane)), 1, 8);
        var vectorPart = g.OutPlane / 16 * 16;
        var partials = new float[blocks][];
        for (var b = 0; b < blocks; b++)
        {
            var (n0, n1) = (b * g.N / blocks, (b + 1) * g.N / blocks);
            var chunk = Math.Clamp(chunkPositions / g.OutPlane, 1, Math.Max(1, n1 - n0));
            var partial = partials[b] = new float[g.WeightLength];
            for (var c0 = n0; c0 < n1; c0 += chunk)
            {
                var images = Math.Min(chunk, n1 - c0);
                for (var group = 0; group < g.Groups; group++)
                {
                    for (var co = 0; co < g.OutPerGroup; co++)
                    {
                        var cout = (group * g.OutPerGroup) + co;
                        for (var row = 0; row < k; row++)
                        {
                            var lanes = new float[16];
                            for (var i = 0; i < images; i++)
                            {
                                for (var q = 0; q < vectorPart; q++)
                                {
                                    lanes[q % 16] = MathF.FusedMultiplyAdd(Dy(g, dy, c0 + i, cout, q), Column(g, x, c0 + i, group, row, q), lanes[q % 16]);
                                }
                            }

                            var sum = Vector512.Sum(Vector512.Create(lanes));
                            for (var i = 0; i < images; i++)
                            {
                                for (var q = vectorPart; q < g.OutPlane; q++)
                                {
                                    sum = MathF.FusedMultiplyAdd(Dy(g, dy, c0 + i, cout, q), Column(g, x, c0 + i, group, row, q), sum);
                                }
                            }

                            var index = (cout * k) + row;
                            partial[index] = c0 == n0 ? sum : partial[index] + sum;
                        }
                    }
                }
            }
        }

        foreach (var partial in partials)
        {
            for (var i = 0; i < weightGrad.Length; i++)
            {
                weightGrad[i] += partial[i];
            }
        }

        return weightGrad;
    }

    private static float Dy(Conv2dGeometry g, float[] dy, int n, int cout, int q) => dy[(((n * g.Cout) + cout) * g.OutPlane) + q];

    /// <summary>im2col: row (c, kh, kw) of group <paramref name="group"/> at output position q of image n (0 in the padding).</summary>
    private static float Column(Conv2dGeometry g, float[] x, int n, int group, int row, int q)
    {
        var (c, tap) = Math.DivRem(row, g.KH * g.KW);
        var (kh, kw) = Math.DivRem(tap, g.KW);
        var (oh, ow) = Math.DivRem(q, g.OutW);
        var (ih, iw) = ((oh * g.Stride) + (kh * g.Dilation) - g.Padding, (ow * g.Stride) + (kw * g.Dilation) - g.Padding);
        return ih < 0 || ih >= g.H || iw < 0 || iw >= g.W ? 0f : x[((((n * g.Cin) + (group * g.InPerGroup) + c) * g.H) + ih) * g.W + iw];
    }
}

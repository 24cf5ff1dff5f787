namespace NasSharp.Kernels.Tests;

/// <summary>
/// Strided 1x1 convolutions without padding (DARTS's factorized reductions) through <see cref="Convolution"/> against
/// scalar models of the strided path's arithmetic, which the stride-1 route over the subsampled input must keep bit for
/// bit: each output is one fused multiply-add chain over the input channels from the bias (or zero); each sampled input
/// position gets one chain over the output channels, from zero, added to what is there (zero without accumulation), and
/// the other positions keep their bits. Geometries: planes the stride-1 paths read in place (14 x 14 and 7 x 7 outputs,
/// joined panels), small planes (the batch-wide product), 16-wide outputs, odd sizes, output channels not a multiple of
/// 8, stride 3.
/// </summary>
public class PointwiseStridedConvolutionTests
{
    /// <summary>N, Cin, H, W, Cout, stride.</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 2, 8, 28, 28, 16, 2 },
        new[] { 17, 16, 14, 14, 8, 2 },
        new[] { 2, 8, 8, 8, 8, 2 },
        new[] { 2, 4, 32, 32, 8, 2 },
        new[] { 2, 3, 9, 11, 5, 2 },
        new[] { 1, 4, 13, 13, 8, 3 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_IsOneChainPerOutputOverTheSampledPositions(int[] d)
    {
        var g = Geometry(d);
        var (x, w, bias) = (TestData.Random(51, g.InputLength), TestData.Random(52, g.WeightLength), TestData.Random(53, g.Cout));
        foreach (var withBias in new[] { true, false })
        {
            var expected = new float[g.OutputLength];
            for (var n = 0; n < g.N; n++)
            {
                for (var co = 0; co < g.Cout; co++)
                {
                    for (var q = 0; q < g.OutPlane; q++)
                    {
                        var (oh, ow) = Math.DivRem(q, g.OutW);
                        var sum = withBias ? bias[co] : 0f;
                        for (var c = 0; c < g.Cin; c++)
                        {
                            sum = MathF.FusedMultiplyAdd(w[(co * g.Cin) + c], x[((((n * g.Cin) + c) * g.H) + (oh * g.Stride)) * g.W + (ow * g.Stride)], sum);
                        }

                        expected[(((n * g.Cout) + co) * g.OutPlane) + q] = sum;
                    }
                }
            }

            var actual = new float[g.OutputLength];
            Convolution.Forward(g, x, w, withBias ? bias : [], actual);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardData_AddsOneChainAtEachSampledPositionAndKeepsTheOthers(int[] d)
    {
        var g = Geometry(d);
        var (dy, w) = (TestData.Random(54, g.OutputLength), TestData.Random(55, g.WeightLength));
        var start = TestData.Random(56, g.InputLength);
        for (var i = 0; i < start.Length; i += 3)
        {
            start[i] = -0f;
        }

        foreach (var accumulate in new[] { true, false })
        {
            var expected = accumulate ? (float[])start.Clone() : new float[g.InputLength];
            for (var n = 0; n < g.N; n++)
            {
                for (var c = 0; c < g.Cin; c++)
                {
                    for (var q = 0; q < g.OutPlane; q++)
                    {
                        var (oh, ow) = Math.DivRem(q, g.OutW);
                        var chain = 0f;
                        for (var co = 0; co < g.Cout; co++)
                        {
                            chain = MathF.FusedMultiplyAdd(w[(co * g.Cin) + c], dy[(((n * g.Cout) + co) * g.OutPlane) + q], chain);
                        }

                        expected[((((n * g.Cin) + c) * g.H) + (oh * g.Stride)) * g.W + (ow * g.Stride)] += chain;
                    }
                }
            }

            var actual = (float[])start.Clone();
            Convolution.BackwardData(g, dy, w, actual, accumulate);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
    }

    private static Conv2dGeometry Geometry(int[] d) => new(d[0], d[1], d[2], d[3], d[4], 1, 1, d[5], 0, 1, 1);
}

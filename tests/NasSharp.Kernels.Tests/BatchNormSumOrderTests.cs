namespace NasSharp.Kernels.Tests;

/// <summary>
/// The order of batch norm's sums, pinned by a scalar model. Each plane (image n, channel c) is summed as 8 lanes: lane
/// j of two accumulators takes elements j and 8 + j of every 16-element chunk in turn; the two are added; the 8 lanes
/// are summed as ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)) (what .NET's Vector256.Sum does); the leftover
/// elements are added one by one; the plane sums are added in double in image order. Statistics sum x - shift and
/// its square (shift = the channel's first element), the backward sums dy and dy (x - mean). Any schedule (one plane
/// at a time, several planes' horizontal sums at once) must give these bits.
/// </summary>
public class BatchNormSumOrderTests
{
    /// <summary>
    /// N, C, spatial: 4 x 4 and 8 x 8 planes, odd planes, tiny ones, and channel counts below 8, of 8 and with leftovers
    /// past groups of 8 (an image's planes are summed eight at a time), and channel counts whose sums over the images
    /// run 16 channels at a time, then 4, then one (17, 21, 36); planes of 256 floats and more, whose sums walk four planes
    /// side by side (from 1024 floats the gradient's too), with and without leftovers.
    /// </summary>
    public static TheoryData<int, int, int> Geometries => new()
    {
        { 8, 3, 16 },
        { 19, 2, 16 },
        { 17, 3, 64 },
        { 9, 2, 49 },
        { 12, 2, 35 },
        { 10, 2, 4 },
        { 3, 4, 1 },
        { 3, 11, 16 },
        { 2, 9, 35 },
        { 5, 8, 64 },
        { 2, 17, 1 },
        { 3, 21, 16 },
        { 2, 36, 4 },
        { 3, 8, 256 },
        { 2, 17, 263 },
        { 2, 9, 1030 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void StatisticsAndTrainingForward_SumPlanesInLanesThenPairsThenLeftoversThenImages(int n, int c, int spatial)
    {
        var g = new BatchNormGeometry(n, c, spatial);
        var x = Spread(TestData.Random(1, g.Length), 2f);
        var (mean, variance) = (new float[c], new float[c]);
        BatchNormalization.Statistics(g, x, mean, variance);
        var (trainingMean, trainingVariance) = (new float[c], new float[c]);
        BatchNormalization.ForwardTraining(g, 1e-5f, x, [], [], trainingMean, trainingVariance, new float[c], new float[g.Length]);
        for (var ch = 0; ch < c; ch++)
        {
            var shift = x[ch * spatial];
            var (sum, squares) = (0.0, 0.0);
            for (var image = 0; image < n; image++)
            {
                var plane = x.AsSpan(((image * c) + ch) * spatial, spatial);
                sum += PlaneSum(plane, plane, (a, _) => a - shift, (s, a, _) => s + (a - shift));
                squares += PlaneSum(plane, plane, (a, _) => (a - shift) * (a - shift), (s, a, _) => MathF.FusedMultiplyAdd(a - shift, a - shift, s));
            }

            var shiftedMean = sum / g.PerChannel;
            var expectedVariance = Bits((float)Math.Max(0.0, (squares / g.PerChannel) - (shiftedMean * shiftedMean)));
            Assert.Equal(Bits((float)(shift + shiftedMean)), Bits(mean[ch]));
            Assert.Equal(expectedVariance, Bits(variance[ch]));
            Assert.Equal(Bits((float)(shift + shiftedMean)), Bits(trainingMean[ch]));
            Assert.Equal(expectedVariance, Bits(trainingVariance[ch]));
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_SumsDyAndDyTimesDeviationInTheSameOrder(int n, int c, int spatial)
    {
        var g = new BatchNormGeometry(n, c, spatial);
        var x = Spread(TestData.Random(2, g.Length), 1f);
        var dy = Spread(TestData.Random(3, g.Length), 0.5f);
        var mean = TestData.Random(4, c);
        var invStd = TestData.Random(5, c).Select(v => 1f + Math.Abs(v)).ToArray();
        var (dGamma, dBeta) = (new float[c], new float[c]);
        BatchNormalization.Backward(g, true, x, dy, mean, invStd, [], [], dGamma, dBeta);
        for (var ch = 0; ch < c; ch++)
        {
            var mu = mean[ch];
            var (sumDy, sumDot) = (0.0, 0.0);
            for (var image = 0; image < n; image++)
            {
                var offset = ((image * c) + ch) * spatial;
                var dyPlane = dy.AsSpan(offset, spatial);
                var xPlane = x.AsSpan(offset, spatial);
                sumDy += PlaneSum(dyPlane, xPlane, (d, _) => d, (s, d, _) => s + d);
                sumDot += PlaneSum(dyPlane, xPlane, (d, v) => d * (v - mu), (s, d, v) => MathF.FusedMultiplyAdd(d, v - mu, s));
            }

            Assert.Equal(Bits((float)sumDy), Bits(dBeta[ch]));
            Assert.Equal(Bits((float)(sumDot * invStd[ch])), Bits(dGamma[ch]));
        }
    }

    [Fact]
    public void Backward_AddsThePlaneSumsInImageOrder_WhereTheDoubleSumsRound()
    {
        // Every channel's dY, image by image: 1e17, 1, -1e17, 1. In image order the double sum is ((1e17 + 1) - 1e17) + 1
        // = 1 (1e17 + 1 rounds to 1e17); backwards it is 0. With ordinary data the double sums of a few floats are exact,
        // so the other tests cannot see the order of the images.
        var g = new BatchNormGeometry(4, 5, 1);
        var dy = new float[g.Length];
        float[] perImage = [1e17f, 1f, -1e17f, 1f];
        for (var image = 0; image < g.N; image++)
        {
            dy.AsSpan(image * g.C, g.C).Fill(perImage[image]);
        }

        var (dGamma, dBeta) = (new float[g.C], new float[g.C]);
        BatchNormalization.Backward(g, true, new float[g.Length], dy, new float[g.C], Enumerable.Repeat(1f, g.C).ToArray(), [], [], dGamma, dBeta);
        Assert.All(dBeta, sum => Assert.Equal(1f, sum));
    }

    /// <summary>
    /// One plane's sum: <paramref name="first"/> is a lane's first term (an accumulator starting at zero takes it
    /// exactly, a fused multiply-add onto zero rounds the product once), <paramref name="next"/> adds a term to it.
    /// </summary>
    private static float PlaneSum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Func<float, float, float> first, Func<float, float, float, float> next)
    {
        var chunks = a.Length / 16;
        var lanes = new float[8];
        for (var j = 0; j < 8; j++)
        {
            var (low, high) = (0f, 0f);
            for (var k = 0; k < chunks; k++)
            {
                var (i, h) = ((16 * k) + j, (16 * k) + 8 + j);
                (low, high) = k == 0 ? (first(a[i], b[i]), first(a[h], b[h])) : (next(low, a[i], b[i]), next(high, a[h], b[h]));
            }

            lanes[j] = low + high;
        }

        var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
        for (var i = 16 * chunks; i < a.Length; i++)
        {
            sum = next(sum, a[i], b[i]);
        }

        return sum;
    }

    /// <summary>Values of mixed magnitudes (so a different pairing rounds differently), some of them -0.</summary>
    private static float[] Spread(float[] values, float scale)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i % 11 == 5 ? -0f : values[i] * scale * MathF.Pow(10f, (i % 7) - 3);
        }

        return values;
    }

    private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);
}

using System.Runtime.InteropServices;

namespace NasSharp.Kernels.Tests;

/// <summary>
/// Every kernel splits work into blocks that do not depend on the thread count, so its output must be
/// bitwise identical with 1, 2 or 4 threads (reproducible training runs depend on it).
/// </summary>
[Collection(nameof(ThreadCountSensitive))]
public class DeterminismTests
{
    private static readonly int[] ThreadCounts = [1, 2, 4];

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false, 1000, 230)]
    public void Gemm_OddSizes_BitwiseIdenticalForAnyThreadCount(bool transposeA, bool transposeB, int m = 67, int n = 301)
    {
        var layout = new GemmLayout(m, n, 129, transposeA, transposeB);
        var a = TestData.Random(1, m * 129);
        var b = TestData.Random(2, 129 * n);
        AssertSameForAllThreadCounts(() =>
        {
            var c = new float[m * n];
            Gemm.Multiply(layout, a, b, c);
            return [c];
        });
    }

    [Theory]
    [InlineData(5, 6, 17, 19, 40, 3, 3, 1, 1, 1, 2)]
    [InlineData(5, 6, 17, 19, 12, 3, 3, 2, 1, 1, 6)]
    [InlineData(11, 8, 9, 7, 16, 1, 1, 1, 0, 1, 1)]
    [InlineData(3, 4, 13, 11, 8, 3, 3, 1, 2, 2, 1)]
    [InlineData(9, 5, 8, 16, 7, 3, 3, 1, 1, 1, 1)]
    [InlineData(10, 3, 8, 8, 9, 3, 3, 1, 1, 1, 1)]
    [InlineData(9, 4, 10, 16, 4, 3, 3, 1, 1, 1, 4)]
    [InlineData(64, 12, 4, 4, 12, 3, 3, 1, 1, 1, 12)]
    [InlineData(9, 7, 17, 15, 7, 5, 5, 2, 2, 1, 7)]
    [InlineData(6, 5, 9, 9, 10, 7, 7, 2, 3, 1, 5)]
    [InlineData(64, 40, 4, 4, 72, 1, 1, 1, 0, 1, 1)]
    // Batches of 16 on 8 x 8 and 7 x 7 planes: one weight-gradient block, its output channels split between the threads.
    [InlineData(16, 64, 8, 8, 64, 1, 1, 1, 0, 1, 1)]
    [InlineData(16, 32, 7, 7, 36, 1, 1, 1, 0, 1, 1)]
    [InlineData(16, 16, 8, 8, 16, 3, 3, 1, 1, 1, 1)]
    public void Convolution_ForwardAndBackward_BitwiseIdenticalForAnyThreadCount(int n, int cin, int h, int w, int cout, int kh, int kw, int s, int p, int d, int groups)
    {
        var g = new Conv2dGeometry(n, cin, h, w, cout, kh, kw, s, p, d, groups);
        var x = TestData.Random(3, g.InputLength);
        var weight = TestData.Random(4, g.WeightLength);
        var bias = TestData.Random(5, cout);
        var dy = TestData.Random(6, g.OutputLength);
        AssertSameForAllThreadCounts(() =>
        {
            var (y, dx, dw, db) = (new float[g.OutputLength], new float[g.InputLength], new float[g.WeightLength], new float[cout]);
            Convolution.Forward(g, x, weight, bias, y);
            Convolution.BackwardData(g, dy, weight, dx);
            Convolution.BackwardWeight(g, x, dy, dw, db);
            return [y, dx, dw, db];
        });
    }

    /// <summary>The factorized reduction (subsample, two 1x1 products, the masked scatter of both halves' gradients) on even and odd planes.</summary>
    [Theory]
    [InlineData(5, 6, 28, 28, 8)]
    [InlineData(3, 5, 7, 9, 3)]
    public void FactorizedReduction_ForwardAndBackward_BitwiseIdenticalForAnyThreadCount(int n, int cin, int h, int w, int half)
    {
        var g = FactorizedReduction.HalfGeometry(n, cin, h, w, half);
        var (x, w1, w2, dy) = (TestData.Random(31, g.InputLength), TestData.Random(32, g.WeightLength), TestData.Random(33, g.WeightLength), TestData.Random(34, 2 * g.OutputLength));
        AssertSameForAllThreadCounts(() =>
        {
            var (y, dx, dw1, dw2) = (new float[2 * g.OutputLength], TestData.Random(35, g.InputLength), new float[g.WeightLength], new float[g.WeightLength]);
            FactorizedReduction.Forward(g, x, w1, w2, y);
            FactorizedReduction.Backward(g, x, dy, w1, w2, dx, accumulate: true, dw1, dw2);
            return [y, dx, dw1, dw2];
        });
    }

    /// <summary>
    /// The depthwise weight gradient splits the batch between threads where its kept per-image chains are small (planes of
    /// 16 x 16 and up at 3x3: the in-place rows of 16 x 16 and 24 x 32, the row-reuse path on 32 x 32 at 5x5, masked
    /// rows of 28, stride 2 from 28 x 28; five images, so four threads get uneven ranges) and the channels elsewhere
    /// (7 x 7 planes, 16 x 16 at 5x5; 8 x 8 at 3x3 in registers; channel pairs onto 4 x 4 outputs, from 4 x 4 and at
    /// stride 2 from 8 x 8, with an odd channel count, so a block ends in a lone channel): the weight gradient, added to
    /// a non-zero start, has the same bits for any thread count.
    /// </summary>
    [Theory]
    [InlineData(5, 6, 16, 16, 3, 1, 1)]
    [InlineData(5, 3, 32, 32, 5, 1, 2)]
    [InlineData(5, 4, 28, 28, 3, 1, 1)]
    [InlineData(5, 4, 28, 28, 3, 2, 1)]
    [InlineData(5, 9, 7, 7, 3, 1, 1)]
    [InlineData(3, 5, 16, 16, 5, 1, 2)]
    [InlineData(5, 3, 24, 32, 3, 1, 1)]
    [InlineData(3, 7, 8, 8, 3, 1, 1)]
    [InlineData(3, 7, 4, 4, 3, 1, 1)]
    [InlineData(3, 9, 8, 8, 3, 2, 1)]
    public void DepthwiseWeightGradient_BatchOrChannelsSplit_BitwiseIdenticalForAnyThreadCount(int n, int c, int h, int w, int k, int s, int p)
    {
        var g = new Conv2dGeometry(n, c, h, w, c, k, k, s, p, 1, c);
        var x = TestData.Random(7, g.InputLength);
        var dy = TestData.Random(8, g.OutputLength);
        var start = TestData.Random(9, g.WeightLength);
        AssertSameForAllThreadCounts(() =>
        {
            var (dw, db) = ((float[])start.Clone(), new float[c]);
            Convolution.BackwardWeight(g, x, dy, dw, db);
            return [dw];
        });
    }

    [Fact]
    public void BatchNormalization_TrainingForwardAndBackward_BitwiseIdenticalForAnyThreadCount()
    {
        var g = new BatchNormGeometry(6, 9, 37);
        var x = TestData.Random(7, g.Length);
        var dy = TestData.Random(8, g.Length);
        var gamma = TestData.Random(9, g.C);
        var beta = TestData.Random(10, g.C);
        AssertSameForAllThreadCounts(() =>
        {
            var (mean, variance, invStd, y) = (new float[g.C], new float[g.C], new float[g.C], new float[g.Length]);
            var (dx, dGamma, dBeta) = (new float[g.Length], new float[g.C], new float[g.C]);
            BatchNormalization.Statistics(g, x, mean, variance);
            BatchNormalization.InverseStd(variance, 1e-5f, invStd);
            BatchNormalization.Normalize(g, x, mean, invStd, gamma, beta, y);
            BatchNormalization.Backward(g, true, x, dy, mean, invStd, gamma, dx, dGamma, dBeta);
            var (fusedMean, fusedVariance, fusedInvStd, fusedY) = (new float[g.C], new float[g.C], new float[g.C], new float[g.Length]);
            BatchNormalization.ForwardTraining(g, 1e-5f, x, gamma, beta, fusedMean, fusedVariance, fusedInvStd, fusedY);
            return [mean, variance, y, dx, dGamma, dBeta, fusedMean, fusedVariance, fusedY];
        });
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(1, 5)]
    [InlineData(1, 96)]  // 41,184 floats of input: split into blocks of whole planes
    [InlineData(2, 96)]
    public void Pooling_ForwardAndBackward_BitwiseIdenticalForAnyThreadCount(int stride, int channels)
    {
        var g = new Pool2dGeometry(3, channels, 11, 13, 3, stride, 1);
        var x = TestData.Random(11, g.InputLength);
        var dy = TestData.Random(12, g.OutputLength);
        AssertSameForAllThreadCounts(() =>
        {
            var (avg, max, argmax) = (new float[g.OutputLength], new float[g.OutputLength], new int[g.OutputLength]);
            var (dAvg, dMax) = (new float[g.InputLength], new float[g.InputLength]);
            AveragePooling.Forward(g, false, x, avg);
            AveragePooling.Backward(g, false, dy, dAvg);
            MaxPooling.Forward(g, x, max, argmax);
            MaxPooling.Backward(g, dy, argmax, dMax);
            return [avg, max, dAvg, dMax];
        });
    }

    [Fact]
    public void ElementwiseCopyAndPermutation_LongSpans_SameBitsSplitOrWhole()
    {
        // Long enough to be split into blocks with 2 and 4 threads; with 1 thread every loop runs whole, as before.
        const int n = (5 * 16384) + 77;
        var x = TestData.Random(13, n);
        var dy = TestData.Random(14, n);
        var planes = TestData.Random(15, 40 * 16 * 260);
        AssertSameForAllThreadCounts(() =>
        {
            var (relu, dRelu, sum, shuffled, concatenated) = (new float[n], TestData.Random(16, n), TestData.Random(17, n), new float[planes.Length], new float[2 * planes.Length]);
            Unary.Map(default(ReluOperator), x, relu);
            Unary.AccumulateGradient(default(ReluGradientOperator), x, relu, dy, dRelu);
            Elementwise.AddScaledInPlace(sum, x, 0.5f);
            Elementwise.AddInPlace(sum, dy);
            Permutation.Apply([40, 2, 8, 260], [0, 2, 1, 3], planes, shuffled);
            Box.Copy(new BoxLayout([40, 16, 260], [40, 16, 260], [0, 0, 0], [40, 32, 260], [0, 16, 0]), planes, concatenated);
            Box.Copy(new BoxLayout([40, 16, 260], [40, 16, 260], [0, 0, 0], [40, 32, 260], [0, 16, 0]), shuffled, concatenated, accumulate: true);
            return [relu, dRelu, sum, shuffled, concatenated];
        });
    }

    /// <summary>Runs <paramref name="compute"/> under each thread count and asserts every output is bitwise equal to the single-thread one.</summary>
    private static void AssertSameForAllThreadCounts(Func<float[][]> compute)
    {
        var saved = KernelParallel.ThreadCount;
        try
        {
            float[][]? baseline = null;
            foreach (var threads in ThreadCounts)
            {
                KernelParallel.ThreadCount = threads;
                var outputs = compute();
                baseline ??= outputs;
                for (var i = 0; i < outputs.Length; i++)
                {
                    var expected = MemoryMarshal.Cast<float, int>(baseline[i]);
                    var actual = MemoryMarshal.Cast<float, int>(outputs[i]);
                    Assert.True(expected.SequenceEqual(actual), $"output {i} differs between 1 and {threads} threads");
                }
            }
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }
}

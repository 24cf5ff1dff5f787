using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class BatchNormalizationTests
{
    [Theory]
    [InlineData(2, 3, 35, true)]
    [InlineData(4, 5, 1, true)]
    [InlineData(3, 2, 49, false)]
    [InlineData(1, 4, 6, true)]
    [InlineData(3, 10, 16, true)]
    [InlineData(2, 9, 64, false)]
    public void TrainingForward_MatchesReferenceOutputAndStatistics(int n, int c, int spatial, bool affine)
    {
        var g = new BatchNormGeometry(n, c, spatial);
        var x = Shifted(TestData.Random(1, g.Length), 3f);
        var (gamma, beta) = Affine(affine, c);
        var (expected, expectedMean, expectedVar) = (new float[g.Length], new float[c], new float[c]);
        BatchNormalizationReference.ForwardTraining(g, 1e-5f, x, gamma, beta, expected, expectedMean, expectedVar);

        var (actual, mean, variance, invStd) = (new float[g.Length], new float[c], new float[c], new float[c]);
        BatchNormalization.Statistics(g, x, mean, variance);
        BatchNormalization.InverseStd(variance, 1e-5f, invStd);
        BatchNormalization.Normalize(g, x, mean, invStd, gamma, beta, actual);
        TestData.AssertClose(expectedMean, mean, 1e-5f);
        TestData.AssertClose(expectedVar, variance, 1e-5f);
        TestData.AssertClose(expected, actual);
    }

    [Theory]
    [InlineData(2, 3, 35, true)]
    [InlineData(3, 2, 49, false)]
    [InlineData(4, 5, 1, true)]
    public void ForwardTraining_SameBitsAsStatisticsInverseStdAndNormalize(int n, int c, int spatial, bool affine)
    {
        var g = new BatchNormGeometry(n, c, spatial);
        var x = Shifted(TestData.Random(2, g.Length), -1.5f);
        var (gamma, beta) = Affine(affine, c);
        var (expected, expectedMean, expectedVar, expectedInvStd) = (new float[g.Length], new float[c], new float[c], new float[c]);
        BatchNormalization.Statistics(g, x, expectedMean, expectedVar);
        BatchNormalization.InverseStd(expectedVar, 1e-5f, expectedInvStd);
        BatchNormalization.Normalize(g, x, expectedMean, expectedInvStd, gamma, beta, expected);

        var (actual, mean, variance, invStd) = (new float[g.Length], new float[c], new float[c], new float[c]);
        BatchNormalization.ForwardTraining(g, 1e-5f, x, gamma, beta, mean, variance, invStd, actual);
        Assert.Equal(expectedMean, mean);
        Assert.Equal(expectedVar, variance);
        Assert.Equal(expectedInvStd, invStd);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Statistics_LargeOffsetSmallSpread_MatchesDoublePrecisionReference()
    {
        // One pass over shifted data: a mean of 1000 with unit spread would lose every digit of the variance to
        // cancellation in the naive sum-of-squares formula (float has 7 digits); the shift keeps it.
        var g = new BatchNormGeometry(4, 3, 50);
        var x = Shifted(TestData.Random(3, g.Length), 1000f);
        var (expected, expectedMean, expectedVar) = (new float[g.Length], new float[g.C], new float[g.C]);
        BatchNormalizationReference.ForwardTraining(g, 1e-5f, x, [], [], expected, expectedMean, expectedVar);
        var (mean, variance) = (new float[g.C], new float[g.C]);
        BatchNormalization.Statistics(g, x, mean, variance);
        TestData.AssertClose(expectedMean, mean, 1e-4f);
        TestData.AssertClose(expectedVar, variance, 1e-3f);
    }

    [Theory]
    [InlineData(2, 3, 35, true, true)]
    [InlineData(4, 5, 1, false, true)]
    [InlineData(3, 2, 49, true, false)]
    [InlineData(2, 3, 10, false, false)]
    [InlineData(9, 3, 16, true, true)]
    [InlineData(3, 4, 64, false, true)]
    [InlineData(3, 10, 16, true, true)]
    [InlineData(2, 9, 64, true, false)]
    public void Backward_AccumulatesReferenceGradients(int n, int c, int spatial, bool affine, bool training)
    {
        var g = new BatchNormGeometry(n, c, spatial);
        var x = TestData.Random(2, g.Length);
        var dy = TestData.Random(3, g.Length);
        var (gamma, _) = Affine(affine, c);
        var (runningMean, runningVar) = (TestData.Random(4, c), Shifted(TestData.Random(5, c), 1.5f));
        var (expectedDx, expectedDg, expectedDb) = (TestData.Random(6, g.Length), TestData.Random(7, c), TestData.Random(8, c));
        var (dx, dg, db) = ((float[])expectedDx.Clone(), (float[])expectedDg.Clone(), (float[])expectedDb.Clone());
        BatchNormalizationReference.Backward(g, training, 1e-5f, x, dy, gamma, runningMean, runningVar, expectedDx, expectedDg, expectedDb);

        var (mean, variance, invStd) = (new float[c], new float[c], new float[c]);
        if (training)
        {
            BatchNormalization.Statistics(g, x, mean, variance);
        }
        else
        {
            (mean, variance) = (runningMean, runningVar);
        }

        BatchNormalization.InverseStd(variance, 1e-5f, invStd);
        BatchNormalization.Backward(g, training, x, dy, mean, invStd, gamma, dx, dg, db);
        TestData.AssertClose(expectedDx, dx, 2e-4f);
        TestData.AssertClose(expectedDg, dg);
        TestData.AssertClose(expectedDb, db);
    }

    [Theory]
    [InlineData(2, 3, 35, true)]
    [InlineData(3, 2, 49, false)]
    [InlineData(9, 3, 16, true)]
    [InlineData(3, 4, 64, true)]
    public void Backward_OverwriteInputGradient_SameBitsAsAddingToZeros(int n, int c, int spatial, bool training)
    {
        var g = new BatchNormGeometry(n, c, spatial);
        var (x, dy, gamma) = (TestData.Random(2, g.Length), TestData.Random(3, g.Length), TestData.Random(4, c));
        var (mean, variance, invStd) = (new float[c], Shifted(TestData.Random(5, c), 1.5f), new float[c]);
        BatchNormalization.Statistics(g, x, mean, training ? variance : new float[c]);
        BatchNormalization.InverseStd(variance, 1e-5f, invStd);
        var added = new float[g.Length];
        var written = Enumerable.Repeat(float.NaN, g.Length).ToArray();
        BatchNormalization.Backward(g, training, x, dy, mean, invStd, gamma, added, new float[c], new float[c]);
        BatchNormalization.Backward(g, training, x, dy, mean, invStd, gamma, written, new float[c], new float[c], accumulateDx: false);
        Assert.Equal(added, written);
    }

    [Fact]
    public void Backward_EmptyInputGradient_StillAccumulatesGammaAndBetaGradients()
    {
        var g = new BatchNormGeometry(3, 2, 5);
        var (x, dy, gamma) = (TestData.Random(13, g.Length), TestData.Random(14, g.Length), TestData.Random(15, 2));
        var (expectedDg, expectedDb) = (new float[2], new float[2]);
        BatchNormalizationReference.Backward(g, true, 1e-5f, x, dy, gamma, [], [], new float[g.Length], expectedDg, expectedDb);

        var (mean, variance, invStd, dg, db) = (new float[2], new float[2], new float[2], new float[2], new float[2]);
        BatchNormalization.Statistics(g, x, mean, variance);
        BatchNormalization.InverseStd(variance, 1e-5f, invStd);
        BatchNormalization.Backward(g, true, x, dy, mean, invStd, gamma, [], dg, db);
        TestData.AssertClose(expectedDg, dg);
        TestData.AssertClose(expectedDb, db);
    }

    [Fact]
    public void UpdateRunningStatistics_UsesMomentumAndUnbiasedVariance()
    {
        float[] runningMean = [1f, 0f];
        float[] runningVar = [2f, 1f];
        BatchNormalization.UpdateRunningStatistics([3f, -1f], [0.5f, 4f], 5, 0.1f, runningMean, runningVar);
        Assert.Equal((0.9f * 1f) + (0.1f * 3f), runningMean[0], 6);
        Assert.Equal(-0.1f, runningMean[1], 6);
        Assert.Equal((0.9f * 2f) + (0.1f * 0.5f * 5f / 4f), runningVar[0], 6);
        Assert.Equal(0.9f + (0.1f * 4f * 5f / 4f), runningVar[1], 6);
    }

    [Fact]
    public void Normalize_GammaOfWrongLength_ThrowsNamingBatchNorm()
    {
        var g = new BatchNormGeometry(2, 3, 4);
        var ex = Assert.Throws<ArgumentException>(() => BatchNormalization.Normalize(g, new float[24], new float[3], new float[3], new float[2], [], new float[24]));
        Assert.StartsWith("BatchNorm2d:", ex.Message);
        Assert.Contains("gamma", ex.Message);
    }

    private static float[] Shifted(float[] values, float shift) => values.Select(v => v + shift).ToArray();

    private static (float[] Gamma, float[] Beta) Affine(bool affine, int c) =>
        affine ? (Shifted(TestData.Random(11, c), 1f), TestData.Random(12, c)) : ([], []);
}

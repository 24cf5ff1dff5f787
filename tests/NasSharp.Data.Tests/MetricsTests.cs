namespace NasSharp.Data.Tests;

public class MetricsTests
{
    [Fact]
    public void Rse_HandComputedCase_MatchesDefinition()
    {
        // truth mean 2.5; sum (y - mean)^2 = 2.25 + 0.25 + 0.25 + 2.25 = 5; errors 1, 0, -1, 2 -> 6.
        float[] truth = [1, 2, 3, 4];
        float[] predicted = [0, 2, 4, 2];
        Assert.Equal(Math.Sqrt(6) / Math.Sqrt(5), Metrics.Rse(predicted, truth), 12);
    }

    [Fact]
    public void Rse_PerfectAndMeanPredictions_GiveZeroAndOne()
    {
        float[] truth = [3, -1, 2, 0, 5, 1];
        Assert.Equal(0, Metrics.Rse(truth, truth));
        Assert.Equal(1, Metrics.Rse(Enumerable.Repeat(truth.Average(), 6).ToArray(), truth), 6);
    }

    [Fact]
    public void Rse_ConstantTruth_IsNaN() => Assert.True(double.IsNaN(Metrics.Rse([1f, 2f], [3f, 3f])));

    [Fact]
    public void Corr_HandComputedCase_AveragesPearsonOverColumns()
    {
        // Rows x 2 columns. Column 0: truth 1,2,3 vs prediction 2,4,6 -> r = 1.
        // Column 1: truth 1,2,3 vs prediction 1,3,2 -> cov = (-1)(-1) + 0 + (1)(0) = 1, var 2 and 2 -> r = 0.5.
        float[] truth = [1, 1, 2, 2, 3, 3];
        float[] predicted = [2, 1, 4, 3, 6, 2];
        Assert.Equal(0.75, Metrics.Corr(predicted, truth, 2), 12);
    }

    [Fact]
    public void Corr_ConstantTruthColumn_IsSkippedAsInLstNet()
    {
        // Column 1's truth is constant: only column 0 (r = -1) counts.
        float[] truth = [1, 5, 2, 5, 3, 5];
        float[] predicted = [3, 0, 2, 9, 1, 4];
        Assert.Equal(-1, Metrics.Corr(predicted, truth, 2), 12);
    }

    [Fact]
    public void Corr_ConstantPredictionOfVaryingTruth_IsNaNAsInLstNet() =>
        Assert.True(double.IsNaN(Metrics.Corr([1f, 1f, 1f], [1f, 2f, 3f], 1)));

    [Fact]
    public void Corr_RaggedLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Metrics.Corr(new float[5], new float[5], 2));
        Assert.Contains("5 values", ex.Message);
    }

    [Fact]
    public void Rse_SizeMismatch_ThrowsNamingBothSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Metrics.Rse(new float[3], new float[4]));
        Assert.Contains("3 values", ex.Message);
        Assert.Contains("4 values", ex.Message);
    }
}

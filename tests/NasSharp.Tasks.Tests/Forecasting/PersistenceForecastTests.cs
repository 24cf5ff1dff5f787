using NasSharp.Data;
using NasSharp.Tasks.Forecasting;

namespace NasSharp.Tasks.Tests.Forecasting;

public class PersistenceForecastTests
{
    [Fact]
    public void LstnetRse_TwoByTwo_MatchesTheCodeFormulaByHand()
    {
        // SSE 4 over 4 entries -> sqrt(1); unbiased std of {1,2,3,4} = sqrt(5/3), times sqrt((2-1)/2) -> sqrt(5/6).
        var rse = LstnetMetrics.Rse([1f, 2f, 3f, 6f], [1f, 2f, 3f, 4f], 2);
        Assert.Equal(1 / Math.Sqrt(5.0 / 6.0), rse, 10);
    }

    [Fact]
    public void Persistence_RampSeries_PredictsTheRowHorizonStepsBackAndScoresIt()
    {
        // Column 0 is t, column 1 is 2t: persistence is off by h and 2h everywhere.
        const int rows = 100;
        var values = Enumerable.Range(0, rows).SelectMany(t => new[] { (float)t, 2f * t }).ToArray();
        var series = new TimeSeriesDataset("ramp", values, rows, 2);
        var windows = series.Windows(5, 3);
        var (predicted, truth) = PersistenceForecast.Predict(series, windows, windows.TestTargets);
        Assert.Equal(2 * windows.TestTargets.Length, predicted.Length);
        Assert.Equal(new[] { 77f, 154f }, predicted[..2]);
        Assert.Equal(new[] { 80f, 160f }, truth[..2]);

        var (rse, corr) = PersistenceForecast.Evaluate(series, windows, windows.TestTargets);
        Assert.Equal(LstnetMetrics.Rse(predicted, truth, 2), rse);
        Assert.Equal(1.0, corr, 10);
    }

    [Fact]
    public void LstnetRse_OneRow_ThrowsNamingTheSizes()
    {
        var ex = Assert.Throws<ArgumentException>(() => LstnetMetrics.Rse([1f, 2f], [1f, 2f], 2));
        Assert.Contains("two whole rows", ex.Message, StringComparison.Ordinal);
    }
}

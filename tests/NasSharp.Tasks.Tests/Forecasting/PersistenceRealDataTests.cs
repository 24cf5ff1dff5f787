using NasSharp.Data;
using NasSharp.Tasks.Forecasting;

namespace NasSharp.Tasks.Tests.Forecasting;

/// <summary>The persistence anchor of RECURRENT.md 5.2 on the real exchange_rate series (opt-in: NASSHARP_DATA).</summary>
[Trait("Category", "RealData")]
public class PersistenceRealDataTests
{
    [RealDataFact]
    public void Persistence_ExchangeRateTest_GivesThePublishedAnchorsToFourDecimals()
    {
        var series = TimeSeriesDataset.LoadNamed("exchange_rate", RealDataFactAttribute.DataDirectory!);
        var expected = new (int Horizon, double Rse, double Corr)[] { (3, 0.0171, 0.9761), (6, 0.0238, 0.9679), (12, 0.0329, 0.9526), (24, 0.0434, 0.9331) };
        foreach (var (horizon, rse, corr) in expected)
        {
            var windows = series.Windows(168, horizon);
            var result = PersistenceForecast.Evaluate(series, windows, windows.TestTargets);
            Assert.Equal(rse, Math.Round(result.Rse, 4));
            Assert.Equal(corr, Math.Round(result.Corr, 4));
        }
    }
}

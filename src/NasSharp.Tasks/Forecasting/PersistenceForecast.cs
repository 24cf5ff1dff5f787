using NasSharp.Data;

namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// The no-parameter forecaster "repeat the last observation": yhat_t = y_{t-h}, the last row of the input window of
/// target t. On exchange_rate it beats every published model (RECURRENT.md 5.2), so every forecasting claim stands
/// beside it.
/// </summary>
public static class PersistenceForecast
{
    /// <summary>Predictions and truth [targets, m] in data units for the target rows <paramref name="targets"/> of <paramref name="windows"/>.</summary>
    public static (float[] Predicted, float[] Truth) Predict(TimeSeriesDataset series, SeriesWindows windows, IReadOnlyList<int> targets)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(targets);
        var m = series.Columns;
        var (predicted, truth) = (new float[targets.Count * m], new float[targets.Count * m]);
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            if (t - windows.Horizon < 0 || t >= series.Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"PersistenceForecast: target row {t} needs row {t - windows.Horizon} of {series.Rows}.");
            }

            series.Raw.Slice((t - windows.Horizon) * m, m).CopyTo(predicted.AsSpan(i * m, m));
            series.Raw.Slice(t * m, m).CopyTo(truth.AsSpan(i * m, m));
        }

        return (predicted, truth);
    }

    /// <summary>LSTNet's RSE and CORR of persistence on the given target rows (e.g. <see cref="SeriesWindows.TestTargets"/>).</summary>
    public static (double Rse, double Corr) Evaluate(TimeSeriesDataset series, SeriesWindows windows, IReadOnlyList<int> targets)
    {
        var (predicted, truth) = Predict(series, windows, targets);
        return (LstnetMetrics.Rse(predicted, truth, series.Columns), LstnetMetrics.Corr(predicted, truth, series.Columns));
    }
}

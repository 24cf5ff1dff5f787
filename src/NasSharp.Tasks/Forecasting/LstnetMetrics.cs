using NasSharp.Data;

namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// The forecasting metrics exactly as LSTNet's code computes them (laiguokun/LSTNet main.py evaluate, utils.py
/// normal_std), over an evaluation set [n, m] in data units: RSE = sqrt(sum (yhat - y)^2 / (n m)) / s with s the
/// unbiased standard deviation of all n m truth values times sqrt((n - 1) / n) (n the rows); CORR as
/// <see cref="Metrics.Corr"/>. The published exchange-rate table (RECURRENT.md 5.2) uses these definitions;
/// <see cref="Metrics.Rse"/> is the paper's formula, which differs in the last digits.
/// </summary>
public static class LstnetMetrics
{
    /// <summary>LSTNet's RSE of <paramref name="predicted"/> against <paramref name="truth"/>, both [rows, columns] row-major.</summary>
    public static double Rse(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth, int columns)
    {
        if (predicted.Length != truth.Length || columns <= 0 || truth.Length % columns != 0 || truth.Length / columns < 2)
        {
            throw new ArgumentException($"LstnetMetrics.Rse: predictions ({predicted.Length}) and truth ({truth.Length}) must be the same size, at least two whole rows of {columns} columns.");
        }

        var count = truth.Length;
        var rows = count / columns;
        double mean = 0;
        foreach (var y in truth)
        {
            mean += y;
        }

        mean /= count;
        double errors = 0;
        double spread = 0;
        for (var i = 0; i < count; i++)
        {
            var e = (double)predicted[i] - truth[i];
            var d = truth[i] - mean;
            errors += e * e;
            spread += d * d;
        }

        var std = Math.Sqrt(spread / (count - 1)) * Math.Sqrt((rows - 1.0) / rows);
        return std > 0 ? Math.Sqrt(errors / count) / std : double.NaN;
    }

    /// <summary>LSTNet's CORR (mean per-column Pearson correlation over the columns whose truth varies).</summary>
    public static double Corr(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth, int columns) => Metrics.Corr(predicted, truth, columns);
}

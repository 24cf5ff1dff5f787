namespace NasSharp.Data;

/// <summary>
/// The forecasting metrics of LSTNet (Lai et al., "Modeling Long- and Short-Term Temporal Patterns with
/// Deep Neural Networks", SIGIR 2018, section 4.3), over a whole evaluation set laid out [n, m]
/// (samples by variables, row-major). Lower RSE and higher CORR are better.
/// </summary>
public static class Metrics
{
    /// <summary>
    /// Root relative squared error: sqrt(sum (y - yhat)^2) / sqrt(sum (y - mean(y))^2), both sums and
    /// the mean over every element of the set (the paper's definition). Compute it in data units (see
    /// <see cref="TimeSeriesDataset.Unscale"/>), as LSTNet's main.py multiplies by the column scales
    /// first. Deviations of the reference code, both tiny or harmless here: it divides by numpy-style
    /// std of the test targets with a (rows - 1) / rows correction, a factor within 0.1 % of the
    /// paper's for the standard sets, and it normalises validation RSE by the test set's spread; this
    /// method uses the spread of <paramref name="truth"/>. A constant <paramref name="truth"/> gives NaN.
    /// </summary>
    public static double Rse(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth)
    {
        CheckSizes(nameof(Rse), predicted, truth);
        double mean = 0;
        foreach (var y in truth)
        {
            mean += y;
        }

        mean /= truth.Length;
        double errors = 0;
        double spread = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var e = (double)truth[i] - predicted[i];
            var d = truth[i] - mean;
            errors += e * e;
            spread += d * d;
        }

        return spread > 0 ? Math.Sqrt(errors) / Math.Sqrt(spread) : double.NaN;
    }

    /// <summary>
    /// Empirical correlation: for each of the <paramref name="columns"/> variables, the Pearson
    /// correlation over the samples between prediction and truth, averaged over the variables whose
    /// truth is not constant (LSTNet main.py, evaluate: index = sigma_g != 0). Population standard
    /// deviations, as numpy's std. As in that code, a constant prediction for a non-constant variable makes
    /// the result NaN, and so does a set in which every variable's truth is constant.
    /// </summary>
    public static double Corr(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth, int columns)
    {
        CheckSizes(nameof(Corr), predicted, truth);
        if (columns <= 0 || truth.Length % columns != 0)
        {
            throw new ArgumentException($"Corr: {truth.Length} values are not whole rows of {columns} columns.");
        }

        var rows = truth.Length / columns;
        double total = 0;
        var used = 0;
        for (var c = 0; c < columns; c++)
        {
            var (meanP, meanG) = (0.0, 0.0);
            for (var r = 0; r < rows; r++)
            {
                meanP += predicted[(r * columns) + c];
                meanG += truth[(r * columns) + c];
            }

            (meanP, meanG) = (meanP / rows, meanG / rows);
            var (cov, varP, varG) = (0.0, 0.0, 0.0);
            for (var r = 0; r < rows; r++)
            {
                var p = predicted[(r * columns) + c] - meanP;
                var g = truth[(r * columns) + c] - meanG;
                cov += p * g;
                varP += p * p;
                varG += g * g;
            }

            if (varG > 0)
            {
                total += cov / Math.Sqrt(varP * varG);
                used++;
            }
        }

        return used > 0 ? total / used : double.NaN;
    }

    private static void CheckSizes(string metric, ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth)
    {
        if (predicted.Length != truth.Length || truth.Length == 0)
        {
            throw new ArgumentException($"{metric}: predictions ({predicted.Length} values) and truth ({truth.Length} values) must be the same non-empty size.");
        }
    }
}

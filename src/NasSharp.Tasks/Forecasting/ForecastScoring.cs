using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Tasks.Forecasting;

/// <summary>LSTNet's evaluation of a forecaster (Lai et al. 2018): RSE and CORR in data units over a set of windows.</summary>
public static class ForecastScoring
{
    /// <summary>RSE and CORR of <paramref name="model"/>'s forecasts for the samples with target rows <paramref name="targets"/>, predictions and truth multiplied back by the column scales.</summary>
    public static (double Rse, double Corr) Score(Module model, TimeSeriesDataset series, SeriesWindows windows, int[] targets, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(targets);
        var m = series.Columns;
        var predicted = new float[targets.Length * m];
        var truth = new float[targets.Length * m];
        var wasTraining = model.IsTraining;
        model.Eval();
        try
        {
            using var noGrad = new NoGradScope();
            for (var start = 0; start < targets.Length; start += batchSize)
            {
                var count = Math.Min(batchSize, targets.Length - start);
                using var scope = new TensorScope();
                var batch = windows.Batch(targets.AsSpan(start, count));
                model.Forward(batch.Inputs).Data.CopyTo(predicted.AsSpan(start * m, count * m));
                batch.Targets.Data.CopyTo(truth.AsSpan(start * m, count * m));
            }
        }
        finally
        {
            model.Train(wasTraining);
        }

        series.Unscale(predicted);
        series.Unscale(truth);
        return (Metrics.Rse(predicted, truth), Metrics.Corr(predicted, truth, m));
    }
}

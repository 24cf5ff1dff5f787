using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.Tensors;

namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// Trains a forecaster (<see cref="SeriesForecaster"/>, or a searched cell in NasSharp.Search's <c>CellForecaster</c>: windows [B, window, m] to rows [B, m]) in the LSTNet setting (Lai et al. 2018): samples from
/// <see cref="SeriesWindows"/> (chronological 60/20/20 split, columns scaled by their max |value|), shuffled
/// mini-batches each epoch, Adam with gradient clipping. After every epoch the validation RSE and CORR are
/// measured in data units (predictions and targets multiplied back by the column scales, as LSTNet's
/// evaluate); the weights of the epoch with the lowest validation RSE are kept and scored on the test part.
/// Each step runs in its own <see cref="TensorScope"/> and passes a <see cref="DivergenceGuard"/> before its update.
/// </summary>
public sealed class ForecastTraining
{
    private readonly Module model;
    private readonly ForecastTrainingOptions options;

    public ForecastTraining(Module model, ForecastTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.model = model;
        this.options = options;
    }

    /// <summary>Trains on <paramref name="series"/>'s training windows, selects on validation, reports on test.</summary>
    public ForecastTrainingResult Run(TimeSeriesDataset series, IProgress<ForecastEpochReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var windows = series.Windows(options.Window, options.Horizon);
        var trainTargets = windows.TrainTargets.Take(options.TrainLimit ?? int.MaxValue).ToArray();
        var optimizer = new Adam(model.Parameters(), (float)options.LearningRate);
        var shuffle = new Random(options.Seed);
        var reports = new List<ForecastEpochReport>(options.Epochs);
        var clock = Stopwatch.StartNew();
        var best = (Epoch: 0, Rse: double.PositiveInfinity, Corr: double.NaN);
        var guard = new DivergenceGuard();
        StateSnapshot? bestWeights = null;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            shuffle.Shuffle(trainTargets);
            var (loss, samplesPerSecond) = TrainEpoch(windows, trainTargets, optimizer, guard, cancellation);
            guard.CheckParameters(model, optimizer.LearningRate);
            var (rse, corr) = Score(series, windows, windows.ValidTargets);
            if (rse < best.Rse)
            {
                best = (epoch, rse, corr);
                bestWeights = StateSnapshot.Take(model);
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var report = new ForecastEpochReport(epoch, options.Epochs, loss, rse, corr, samplesPerSecond, elapsed - reports.Sum(r => r.Seconds), elapsed / epoch * (options.Epochs - epoch));
            reports.Add(report);
            progress?.Report(report);
        }

        bestWeights?.Restore(model);
        var test = Score(series, windows, windows.TestTargets);
        return new ForecastTrainingResult(reports, best.Epoch, best.Rse, best.Corr, test.Rse, test.Corr, clock.Elapsed.TotalSeconds);
    }

    /// <summary>RSE and CORR (LSTNet's metrics, in data units) of the model's forecasts for the samples with target rows <paramref name="targets"/>.</summary>
    public (double Rse, double Corr) Score(TimeSeriesDataset series, SeriesWindows windows, int[] targets)
    {
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
            for (var start = 0; start < targets.Length; start += options.BatchSize)
            {
                var count = Math.Min(options.BatchSize, targets.Length - start);
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

    private (double Loss, double SamplesPerSecond) TrainEpoch(SeriesWindows windows, int[] targets, Adam optimizer, DivergenceGuard guard, CancellationToken cancellation)
    {
        model.Train();
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        for (var start = 0; start < targets.Length; start += options.BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(options.BatchSize, targets.Length - start);
            using var scope = new TensorScope();
            var batch = windows.Batch(targets.AsSpan(start, count));
            var prediction = model.Forward(batch.Inputs);
            var loss = options.Loss == ForecastLoss.L1 ? Ops.L1Loss(prediction, batch.Targets) : Ops.MseLoss(prediction, batch.Targets);
            var lossValue = (double)loss.Item();
            guard.CheckLoss(lossValue, optimizer.LearningRate);
            optimizer.ZeroGrad();
            loss.Backward();
            guard.CheckGradientNorm(GradientClipping.ClipByGlobalNorm(optimizer.Parameters, (float)options.GradientClip), optimizer.LearningRate);
            optimizer.Step();
            lossSum += lossValue * count;
        }

        return (lossSum / targets.Length, targets.Length / clock.Elapsed.TotalSeconds);
    }
}

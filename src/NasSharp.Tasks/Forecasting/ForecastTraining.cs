using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Training;

namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// Trains a forecaster (<see cref="SeriesForecaster"/>, or a searched cell in NasSharp.Search's <c>CellForecaster</c>: windows [B, window, m] to rows [B, m]) in the LSTNet setting (Lai et al. 2018): samples from
/// <see cref="SeriesWindows"/> (chronological 60/20/20 split, columns scaled by their max |value|), shuffled
/// mini-batches each epoch, Adam with gradient clipping (the step procedure <see cref="ForecastStepProcedure"/> in the
/// one <see cref="TrainingLoop{TBatch, TRecord}"/>). After every epoch the validation RSE and CORR are measured in
/// data units (predictions and targets multiplied back by the column scales, as LSTNet's evaluate); the weights of the
/// epoch with the lowest validation RSE are kept and scored on the test part. Each step runs in its own tensor scope
/// and passes a divergence guard before its update; the weights are checked after every epoch.
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

    /// <summary>
    /// Trains on <paramref name="series"/>'s training windows, selects on validation, reports on test. With
    /// <paramref name="checkpointDirectory"/> the run is checkpointed after every epoch (<see cref="BestWeightsCheckpoint"/>)
    /// and a checkpoint found there is resumed from, bitwise as an uninterrupted run: its epochs are replayed through
    /// <paramref name="progress"/> and the rest are trained.
    /// </summary>
    public ForecastTrainingResult Run(TimeSeriesDataset series, IProgress<ForecastEpochReport>? progress = null, string? checkpointDirectory = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var windows = series.Windows(options.Window, options.Horizon);
        var trainTargets = windows.TrainTargets.Take(options.TrainLimit ?? int.MaxValue).ToArray();
        var fingerprint = FormattableString.Invariant($"{options} on {series.Name} ({series.Rows} rows x {series.Columns}, {trainTargets.Length} training windows), {model.GetType().Name} with {model.ParameterCount()} parameters");
        var procedure = new ForecastStepProcedure(model, options, series, windows, fingerprint);
        var loop = new TrainingLoop<ReadOnlyMemory<int>, ForecastEpochReport>(procedure, new ShuffledTargetStream(trainTargets, options.BatchSize, options.Seed), options.Epochs);
        if (checkpointDirectory != null)
        {
            loop.TryRestore(checkpointDirectory, progress == null ? null : progress.Report);
        }

        loop.Run(checkpointDirectory, progress == null ? null : progress.Report, cancellation: cancellation);
        procedure.BestWeights?.Restore(model);
        (double Rse, double Corr) valid = procedure.BestEpoch == 0 ? (double.PositiveInfinity, double.NaN) : (loop.History[procedure.BestEpoch - 1].ValidRse, loop.History[procedure.BestEpoch - 1].ValidCorr);
        var test = Score(series, windows, windows.TestTargets);
        return new ForecastTrainingResult(loop.History, procedure.BestEpoch, valid.Rse, valid.Corr, test.Rse, test.Corr, loop.Seconds);
    }

    /// <summary>RSE and CORR (LSTNet's metrics, in data units) of the model's forecasts for the samples with target rows <paramref name="targets"/>.</summary>
    public (double Rse, double Corr) Score(TimeSeriesDataset series, SeriesWindows windows, int[] targets) =>
        ForecastScoring.Score(model, series, windows, targets, options.BatchSize);
}

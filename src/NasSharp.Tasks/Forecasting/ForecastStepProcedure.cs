using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Tensors;

namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// A forecaster's training as a step procedure of the one <see cref="TrainingLoop{TBatch, TRecord}"/> (LSTNet setting,
/// Lai et al. 2018): each step builds the batch of its target rows, minimises L1 or MSE with Adam and global-norm
/// clipping; each epoch ends by scoring the validation windows (RSE, CORR in data units) and keeping a copy of the
/// weights of the lowest validation RSE so far. The checkpoint is a <see cref="BestWeightsCheckpoint"/>.
/// </summary>
internal sealed class ForecastStepProcedure : IStepProcedure<ReadOnlyMemory<int>, ForecastEpochReport>
{
    private readonly Module model;
    private readonly ForecastTrainingOptions options;
    private readonly TimeSeriesDataset series;
    private readonly SeriesWindows windows;
    private readonly string fingerprint;
    private Stopwatch clock = new();

    public ForecastStepProcedure(Module model, ForecastTrainingOptions options, TimeSeriesDataset series, SeriesWindows windows, string fingerprint)
    {
        (this.model, this.options, this.series, this.windows, this.fingerprint) = (model, options, series, windows, fingerprint);
        Optimizer = new Adam(model.Parameters(), (float)options.LearningRate);
    }

    public Adam Optimizer { get; }

    public Module Model => model;

    public DivergenceGuard Guard { get; } = new();

    public double LearningRate => Optimizer.LearningRate;

    /// <summary>The epoch (1-based) with the lowest validation RSE so far, 0 before the first.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The weights of <see cref="BestEpoch"/>.</summary>
    public StateSnapshot? BestWeights { get; private set; }

    public void BeginEpoch(int epoch)
    {
        model.Train();
        clock = Stopwatch.StartNew();
    }

    public StepMetrics Step(ReadOnlyMemory<int> batch)
    {
        using var scope = new TensorScope();
        var samples = windows.Batch(batch.Span);
        var prediction = model.Forward(samples.Inputs);
        var loss = options.Loss == ForecastLoss.L1 ? Ops.L1Loss(prediction, samples.Targets) : Ops.MseLoss(prediction, samples.Targets);
        var lossValue = (double)loss.Item();
        Guard.CheckLoss(lossValue, Optimizer.LearningRate);
        Optimizer.ZeroGrad();
        loss.Backward();
        Guard.CheckGradientNorm(GradientClipping.ClipByGlobalNorm(Optimizer.Parameters, (float)options.GradientClip), Optimizer.LearningRate);
        Optimizer.Step();
        return new StepMetrics(lossValue, 0, batch.Length);
    }

    public ForecastEpochReport EndEpoch(int epoch, EpochSums sums, double runSeconds)
    {
        ArgumentNullException.ThrowIfNull(sums);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var (rse, corr) = ForecastScoring.Score(model, series, windows, windows.ValidTargets, options.BatchSize);
        if (rse < BestRse)
        {
            (BestEpoch, BestRse) = (epoch + 1, rse);
            BestWeights = StateSnapshot.Take(model);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var elapsed = runSeconds + (seconds - trainSeconds);
        return new ForecastEpochReport(epoch + 1, options.Epochs, sums.WeightLoss / sums.WeightCount, rse, corr, sums.WeightCount / Math.Max(trainSeconds, 1e-9), seconds, elapsed / (epoch + 1) * (options.Epochs - epoch - 1));
    }

    public bool StopsAfter(ForecastEpochReport record) => false;

    public void Save(string directory, TrainingLoopState<ForecastEpochReport> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        BestWeightsCheckpoint.Save(directory, model, Optimizer, BestWeights, new ForecastTrainingProgress(state.CompletedEpochs, state.History, BestEpoch, state.Seconds, fingerprint));
    }

    public TrainingLoopState<ForecastEpochReport>? TryRestore(string directory)
    {
        if (BestWeightsCheckpoint.TryRead<ForecastTrainingProgress>(directory, fingerprint, p => p.Fingerprint, "forecast training") is not { } restored)
        {
            return null;
        }

        var (progress, weights, optimizerState, best) = restored;
        model.LoadStateDict(weights);
        Optimizer.LoadStateDict(optimizerState);
        (BestEpoch, BestWeights) = (progress.BestEpoch, best);
        BestRse = BestEpoch == 0 ? double.PositiveInfinity : progress.History[BestEpoch - 1].ValidRse;
        return new TrainingLoopState<ForecastEpochReport>(progress.CompletedEpochs, progress.History, progress.Seconds, Stopped: false);
    }

    private double BestRse { get; set; } = double.PositiveInfinity;
}

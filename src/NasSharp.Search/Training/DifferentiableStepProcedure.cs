using System.Diagnostics;
using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Optimization;

namespace NasSharp.Search.Training;

/// <summary>
/// A <see cref="DifferentiableTrainer"/> (DARTS first or second order, GDAS, SNAS, DSNAS, ...) as the step procedure
/// of the <see cref="TrainingLoop{TBatch, TRecord}"/>: a search step per weight/architecture pair, or, given a
/// <c>childPath</c>, a weight step on that fixed path (the derived child trained on with inherited weights). An epoch
/// rekeys the trainer and the <see cref="ISearchEpochHook"/>, ends with the derived child's record and the hook's
/// work (growth), and stops a search once the child has DARTS+'s limit of skip connections (Liang et al. 2019). The
/// checkpoint is <see cref="DifferentiableCheckpoint"/>.
/// </summary>
public sealed class DifferentiableStepProcedure<TBatch> : IStepProcedure<BilevelBatch<TBatch>, DifferentiableEpoch>
    where TBatch : class
{
    private readonly DifferentiableTrainer trainer;
    private readonly ISearchTask<TBatch> task;
    private readonly ISearchEpochHook? hook;
    private readonly IReadOnlyList<int[]>? childPath;
    private readonly string fingerprint;
    private Stopwatch clock = new();
    private double flopsBefore;

    /// <param name="trainer">The method's trainer.</param>
    /// <param name="task">What the steps learn from.</param>
    /// <param name="fingerprint">The recipe a checkpoint must have been made with.</param>
    /// <param name="hook">Work around every epoch (growth), saved in the checkpoint.</param>
    /// <param name="childPath">A fixed path to train on instead of searching.</param>
    public DifferentiableStepProcedure(DifferentiableTrainer trainer, ISearchTask<TBatch> task, string fingerprint, ISearchEpochHook? hook = null, IReadOnlyList<int[]>? childPath = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(fingerprint);
        (this.trainer, this.task, this.fingerprint, this.hook, this.childPath) = (trainer, task, fingerprint, hook, childPath);
    }

    public Module Model => trainer.Supernet;

    public DivergenceGuard Guard => trainer.Guard;

    public double LearningRate => trainer.WeightOptimizer.LearningRate;

    public void BeginEpoch(int epoch)
    {
        (clock, flopsBefore) = (Stopwatch.StartNew(), trainer.Flops);
        trainer.BeginEpoch(epoch);
        hook?.BeginEpoch(trainer, epoch);
    }

    public StepMetrics Step(BilevelBatch<TBatch> batch)
    {
        // The task's factor for this step (DARTS recurrent code: window length / bptt, the second-order xi included, RECURRENT.md 2.1).
        var optimizer = trainer.WeightOptimizer;
        var rate = optimizer.LearningRate;
        optimizer.LearningRate = (float)(rate * task.LearningRateScale(batch.Weights));
        try
        {
            return childPath != null
                ? trainer.ChildStep(task, childPath, batch.Weights)
                : trainer.Step(task, batch.Weights, batch.Architecture);
        }
        finally
        {
            optimizer.LearningRate = rate;
        }
    }

    public DifferentiableEpoch EndEpoch(int epoch, EpochSums sums, double runSeconds)
    {
        ArgumentNullException.ThrowIfNull(sums);
        var child = childPath != null;
        var path = childPath ?? trainer.Derive();
        var (count, archCount) = (Math.Max(1, sums.WeightCount), sums.ArchitectureCount);
        var record = new DifferentiableEpoch(
            epoch, child, sums.WeightLoss / count, (double)sums.WeightCorrect / count,
            archCount > 0 ? sums.ArchitectureLoss / archCount : null, archCount > 0 ? (double)sums.ArchitectureCorrect / archCount : null,
            child ? null : trainer.Temperature, trainer.WeightOptimizer.LearningRate, trainer.Probabilities(), path, trainer.Supernet.Describe(path),
            clock.Elapsed.TotalSeconds, trainer.Flops - flopsBefore);
        hook?.EndEpoch(trainer, record);
        return record;
    }

    public bool StopsAfter(DifferentiableEpoch record) =>
        childPath == null && trainer.Options.EarlyStopSkipConnections is { } limit && DifferentiableSearch.SkipConnections(trainer.Supernet, record.Path) >= limit;

    public void Save(string directory, TrainingLoopState<DifferentiableEpoch> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        DifferentiableCheckpoint.Save(directory, trainer, new DifferentiableProgress(state.CompletedEpochs, state.History, state.Seconds, trainer.Flops, state.Stopped, fingerprint, hook?.SaveState()));
    }

    public TrainingLoopState<DifferentiableEpoch>? TryRestore(string directory)
    {
        if (DifferentiableCheckpoint.TryRestore(directory, trainer, fingerprint, hook) is not { } restored)
        {
            return null;
        }

        trainer.Flops = restored.Flops;
        return new TrainingLoopState<DifferentiableEpoch>(restored.CompletedEpochs, restored.History, restored.Seconds, restored.Stopped);
    }
}

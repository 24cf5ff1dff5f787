using NasSharp.NN;
using NasSharp.NN.Optimization;

namespace NasSharp.NN.Training;

/// <summary>
/// What one kind of training does inside the one epoch x batch loop (<see cref="TrainingLoop{TBatch, TRecord}"/>): its
/// work at an epoch's start, at every batch and at the epoch's end, and what its checkpoint holds. The loop owns the
/// iteration, cancellation, the divergence check of the weights, the per-epoch checkpoint and the progress callbacks.
/// Step procedures: differentiable search and the derived child trained on (<c>DifferentiableStepProcedure{TBatch}</c>
/// over the <c>DifferentiableTrainer</c> family), one-shot supernet training by single path or path dropout
/// (<c>SupernetStepProcedure</c>) and stand-alone training (<c>ClassifierStepProcedure</c>).
/// </summary>
/// <typeparam name="TBatch">The batch type of the data stream (an image batch, a token window, a weight/architecture pair).</typeparam>
/// <typeparam name="TRecord">What a finished epoch reports and the checkpoint keeps, one per epoch.</typeparam>
public interface IStepProcedure<in TBatch, TRecord>
{
    /// <summary>The network whose weights the loop checks after every epoch, before they can be saved.</summary>
    Module Model { get; }

    /// <summary>The run's divergence guard (its steps check their loss and gradient norm with it).</summary>
    DivergenceGuard Guard { get; }

    /// <summary>The weight learning rate now, for the divergence message.</summary>
    double LearningRate { get; }

    /// <summary>Before the first batch of <paramref name="epoch"/> (0-based): schedules, per-epoch random keys, train mode.</summary>
    void BeginEpoch(int epoch);

    /// <summary>One optimisation step on <paramref name="batch"/>.</summary>
    StepMetrics Step(TBatch batch);

    /// <summary>
    /// The record of <paramref name="epoch"/> from the sums of its steps, after the loop checked the weights;
    /// <paramref name="runSeconds"/> is the training time of the whole run so far (earlier sessions included).
    /// </summary>
    TRecord EndEpoch(int epoch, EpochSums sums, double runSeconds);

    /// <summary>Whether the run ends after the epoch of <paramref name="record"/> (an early stop such as DARTS+'s).</summary>
    bool StopsAfter(TRecord record);

    /// <summary>Writes the checkpoint of the procedure's state at the loop's <paramref name="state"/> (atomically) into <paramref name="directory"/>.</summary>
    void Save(string directory, TrainingLoopState<TRecord> state);

    /// <summary>
    /// Restores the procedure from the checkpoint in <paramref name="directory"/> and returns the loop's state saved with
    /// it, or null when there is none; throws naming both when the checkpoint belongs to another recipe.
    /// </summary>
    TrainingLoopState<TRecord>? TryRestore(string directory);
}

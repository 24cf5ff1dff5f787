using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// Trains a weight-sharing supernet of any space (one-shot or a few-shot sub-supernet: same code, the sub-supernet's
/// mask restricts what is sampled) by single path (SPOS) or path dropout, as <see cref="SupernetTrainingOptions.Sampling"/>
/// says: the step procedure <see cref="SupernetStepProcedure"/> in the one <see cref="TrainingLoop{TBatch, TRecord}"/>.
/// After every epoch the weights, optimizer state and progress are checkpointed atomically into the run's directory
/// (<see cref="SupernetCheckpoint"/>); <see cref="TryResume"/> continues from the last complete checkpoint with
/// bitwise the same result as an uninterrupted run (kernels are deterministic, and all randomness is keyed by seed and epoch).
/// </summary>
public sealed class SupernetTraining
{
    private readonly SupernetStepProcedure procedure;
    private readonly TrainingLoop<ImageBatch, SupernetEpochRecord> loop;
    private readonly int batches;

    public SupernetTraining(ChoiceSupernet supernet, DataLoader loader, SupernetTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        batches = loader.BatchCount;
        procedure = new SupernetStepProcedure(supernet, options, batches);
        loop = new TrainingLoop<ImageBatch, SupernetEpochRecord>(procedure, new LoaderSearchData(loader), options.Epochs);
    }

    /// <summary>Progress so far (after <see cref="TryResume"/>, the checkpoint's).</summary>
    public SupernetTrainingState State => procedure.StateOf(loop.State);

    public SupernetTrainingOptions Options => procedure.Options;

    /// <summary>
    /// Restores the last checkpoint in <paramref name="directory"/>, if any; false when there is none. Throws when
    /// the checkpoint was made with another recipe or another number of batches per epoch, since continuing
    /// would not reproduce the run it came from.
    /// </summary>
    public bool TryResume(string directory)
    {
        if (!loop.TryRestore(directory))
        {
            return false;
        }

        // A kill between the checkpoint and the files written after it (weights, state.json) leaves those behind the
        // checkpoint; rewrite them from it, so a run resumed with no epoch left still ends with all three in step.
        loop.Save(directory);
        return true;
    }

    /// <summary>
    /// Trains the remaining epochs, checkpointing into <paramref name="directory"/> after each (none when null).
    /// Cancellation stops before the next batch; the last checkpoint stays the resume point.
    /// </summary>
    public SupernetTrainingState Run(string? directory, Action<SupernetProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var epochs = Options.Epochs;
        loop.Run(
            directory,
            progress == null ? null : r => progress(new SupernetProgress(r.Epoch, epochs, batches, batches, r.Loss, r.Accuracy, r.LearningRate, clock.Elapsed.TotalSeconds, EpochDone: true)),
            progress == null ? null : s => progress(new SupernetProgress(
                s.Epoch + 1, epochs, s.Batch + 1, batches, s.Sums.WeightLoss / s.Sums.WeightCount, 100.0 * s.Sums.WeightCorrect / s.Sums.WeightCount, procedure.StepLearningRate, clock.Elapsed.TotalSeconds, EpochDone: false)),
            cancellationToken);
        return State;
    }
}

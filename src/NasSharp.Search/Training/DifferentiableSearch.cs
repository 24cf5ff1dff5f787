using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// Differentiable search of every method on every space and task (<see cref="ISearchTask{TBatch}"/>): creates the
/// method's trainer, runs it as a step procedure (<see cref="DifferentiableStepProcedure{TBatch}"/>) of the one
/// <see cref="TrainingLoop{TBatch, TRecord}"/> over the weight data (paired, for bilevel methods, with batches of the
/// architecture data: <see cref="BilevelSearchData{TBatch}"/>), recording every epoch (losses, accuracies,
/// probabilities, the derived child) and applying the DARTS+ early stop when asked (Liang et al. 2019: stop once the
/// derived child has that many skip connections); trains the derived child on (DSNAS's deployment) through the same
/// loop and scores a path with inherited weights.
/// </summary>
public static class DifferentiableSearch
{
    /// <summary>The step procedure of <paramref name="options"/>.Method on <paramref name="supernet"/>.</summary>
    public static DifferentiableTrainer CreateTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs = null, ChoiceTables? initialTables = null) =>
        DifferentiableMethods.Create(supernet, options, imageSize, scheduleEpochs, initialTables);

    /// <summary>
    /// Runs the search for <c>trainer.Options.Epochs</c> epochs (fewer on a DARTS+ stop). With
    /// <paramref name="checkpointDirectory"/>, a checkpoint is written atomically after every epoch and a checkpoint
    /// found there is resumed from (its epochs are replayed through <paramref name="onEpoch"/>; an epoch is reported once
    /// its checkpoint is written); the result is bitwise
    /// that of an uninterrupted run (every random draw is keyed by seed and epoch, kernels are deterministic).
    /// </summary>
    public static DifferentiableSearchResult Run(DifferentiableTrainer trainer, DataLoader weightData, DataLoader? architectureData, Action<DifferentiableEpoch>? onEpoch = null, string? checkpointDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(weightData);
        return Run(trainer, ImageClassificationTask.Instance, new LoaderSearchData(weightData), architectureData == null ? null : new LoaderSearchData(architectureData), onEpoch, checkpointDirectory);
    }

    /// <summary>
    /// The loop for any task: as the image overload, with <paramref name="hook"/> called around every epoch (growth
    /// events after the epoch's record; its state saved in, and restored from, the checkpoint).
    /// </summary>
    public static DifferentiableSearchResult Run<TBatch>(DifferentiableTrainer trainer, ISearchTask<TBatch> task, ISearchData<TBatch> weightData, ISearchData<TBatch>? architectureData, Action<DifferentiableEpoch>? onEpoch = null, string? checkpointDirectory = null, ISearchEpochHook? hook = null)
        where TBatch : class
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(weightData);
        if (trainer.Bilevel && architectureData == null)
        {
            throw new ArgumentException($"DifferentiableSearch: {DifferentiableMethods.Name(trainer.Options.Method)} needs architecture data.");
        }

        var fingerprint = FormattableString.Invariant($"{trainer.Options} on {trainer.Supernet.GetType().Name} with splits [{string.Join(", ", trainer.Supernet.Splits)}], {weightData.BatchCount} batches per epoch");
        var procedure = new DifferentiableStepProcedure<TBatch>(trainer, task, fingerprint, hook);
        var loop = new TrainingLoop<BilevelBatch<TBatch>, DifferentiableEpoch>(procedure, new BilevelSearchData<TBatch>(weightData, trainer.Bilevel ? architectureData : null), trainer.Options.Epochs);
        if (checkpointDirectory != null)
        {
            loop.TryRestore(checkpointDirectory, onEpoch);
        }

        loop.Run(checkpointDirectory, onEpoch);
        var final = trainer.Derive();
        return new DifferentiableSearchResult(final, trainer.Supernet.Describe(final), loop.History, loop.Seconds, trainer.Flops, loop.Stopped);
    }

    /// <summary>The number of rows of <paramref name="path"/> whose choice is <c>skip_connect</c> (DARTS+'s collapse signal).</summary>
    public static int SkipConnections(ChoiceSupernet supernet, IReadOnlyList<int[]> path)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(path);
        return path.Select((rows, g) => rows.Count(k => supernet.ChoiceName(g, k) == "skip_connect")).Sum();
    }

    /// <summary>Trains the path on with inherited weights for <paramref name="epochs"/> epochs after epoch <paramref name="firstEpoch"/> - 1.</summary>
    public static IReadOnlyList<DifferentiableEpoch> TrainChild(DifferentiableTrainer trainer, IReadOnlyList<int[]> path, DataLoader data, int epochs, int firstEpoch, Action<DifferentiableEpoch>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(data);
        var procedure = new DifferentiableStepProcedure<ImageBatch>(trainer, ImageClassificationTask.Instance, FormattableString.Invariant($"{trainer.Options}, child {trainer.Supernet.Describe(path)} trained on"), childPath: path);
        var loop = new TrainingLoop<BilevelBatch<ImageBatch>, DifferentiableEpoch>(procedure, new BilevelSearchData<ImageBatch>(new LoaderSearchData(data), null), firstEpoch + epochs, firstEpoch);
        loop.Run(checkpointDirectory: null, onEpoch);
        return loop.History;
    }

    /// <summary>Accuracy and loss of one path with its inherited weights, batch norm on the evaluation batches' own statistics (<see cref="ClassifierEvaluation.ScoreWithBatchStatistics"/>); policy and buffers are restored.</summary>
    public static ClassificationScore ScorePath(ChoiceSupernet supernet, IReadOnlyList<int[]> path, DataLoader loader)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        var policy = supernet.Policy;
        supernet.Policy = new FixedChoicePolicy(path);
        try
        {
            return ClassifierEvaluation.ScoreWithBatchStatistics(supernet, loader);
        }
        finally
        {
            supernet.Policy = policy;
        }
    }
}

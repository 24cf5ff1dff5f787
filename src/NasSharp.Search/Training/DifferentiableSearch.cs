using System.Diagnostics;
using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// The epoch loop of every differentiable method on every space and task (<see cref="ISearchTask{TBatch}"/>): creates the method's trainer (its step procedure),
/// steps it over the weight data (paired, for bilevel methods, with batches of the architecture data, which start over
/// in a fresh shuffled order when shorter), records every epoch (losses, accuracies, probabilities, the derived child),
/// applies the DARTS+ early stop when asked (Liang et al. 2019: stop once the derived child has that many skip
/// connections), trains the derived child on (DSNAS's deployment) and scores a path with inherited weights.
/// </summary>
public static class DifferentiableSearch
{
    /// <summary>The step procedure of <paramref name="options"/>.Method on <paramref name="supernet"/>.</summary>
    public static DifferentiableTrainer CreateTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs = null, ChoiceTables? initialTables = null) =>
        DifferentiableMethods.Create(supernet, options, imageSize, scheduleEpochs, initialTables);

    /// <summary>
    /// Runs the search for <c>trainer.Options.Epochs</c> epochs (fewer on a DARTS+ stop). With
    /// <paramref name="checkpointDirectory"/>, a checkpoint is written atomically after every epoch and a checkpoint
    /// found there is resumed from (its epochs are replayed through <paramref name="onEpoch"/>); the result is bitwise
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

        var clock = Stopwatch.StartNew();
        var history = new List<DifferentiableEpoch>();
        var stopped = false;
        var first = 0;
        var secondsBefore = 0.0;
        var fingerprint = FormattableString.Invariant($"{trainer.Options} on {trainer.Supernet.GetType().Name} with splits [{string.Join(", ", trainer.Supernet.Splits)}], {weightData.BatchCount} batches per epoch");
        if (checkpointDirectory != null && DifferentiableCheckpoint.TryRestore(checkpointDirectory, trainer, fingerprint, hook) is { } restored)
        {
            history.AddRange(restored.History);
            (first, stopped, secondsBefore, trainer.Flops) = (restored.CompletedEpochs, restored.Stopped, restored.Seconds, restored.Flops);
            foreach (var record in history)
            {
                onEpoch?.Invoke(record);
            }
        }

        for (var epoch = first; epoch < trainer.Options.Epochs && !stopped; epoch++)
        {
            var started = (Clock: Stopwatch.StartNew(), trainer.Flops);
            trainer.BeginEpoch(epoch);
            hook?.BeginEpoch(trainer, epoch);
            var sums = new StepSums();
            var arch = trainer.Bilevel ? architectureData!.Epoch(epoch).GetEnumerator() : null;
            var cycle = 0;
            try
            {
                foreach (var batch in weightData.Epoch(epoch))
                {
                    if (arch != null && !arch.MoveNext())
                    {
                        // A shorter architecture half starts over, in a fresh shuffled order on every wrap.
                        arch.Dispose();
                        arch = architectureData!.Epoch(epoch + (++cycle * 100_003)).GetEnumerator();
                        arch.MoveNext();
                    }

                    sums.Add(trainer.Step(task, batch, arch?.Current));
                }
            }
            finally
            {
                arch?.Dispose();
            }

            var path = trainer.Derive();
            var record = sums.ToEpoch(epoch, false, trainer, path, started.Clock.Elapsed.TotalSeconds, trainer.Flops - started.Flops);
            history.Add(record);
            onEpoch?.Invoke(record);
            stopped = trainer.Options.EarlyStopSkipConnections is { } limit && SkipConnections(trainer.Supernet, path) >= limit;
            trainer.Guard.CheckParameters(trainer.Supernet, trainer.WeightOptimizer.LearningRate);
            hook?.EndEpoch(trainer, record);
            if (checkpointDirectory != null)
            {
                DifferentiableCheckpoint.Save(checkpointDirectory, trainer, new DifferentiableProgress(epoch + 1, history, secondsBefore + clock.Elapsed.TotalSeconds, trainer.Flops, stopped, fingerprint, hook?.SaveState()));
            }
        }

        var final = trainer.Derive();
        return new DifferentiableSearchResult(final, trainer.Supernet.Describe(final), history, secondsBefore + clock.Elapsed.TotalSeconds, trainer.Flops, stopped);
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
        var history = new List<DifferentiableEpoch>();
        for (var k = 0; k < epochs; k++)
        {
            var (clock, flops) = (Stopwatch.StartNew(), trainer.Flops);
            trainer.BeginEpoch(firstEpoch + k);
            var sums = new StepSums();
            foreach (var batch in data.Epoch(firstEpoch + k))
            {
                sums.Add(trainer.ChildStep(path, batch));
            }

            var record = sums.ToEpoch(firstEpoch + k, true, trainer, path, clock.Elapsed.TotalSeconds, trainer.Flops - flops);
            history.Add(record);
            onEpoch?.Invoke(record);
        }

        return history;
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

    private sealed class StepSums
    {
        private double loss;
        private long correct;
        private long count;
        private double archLoss;
        private long archCorrect;
        private long archCount;

        public void Add(StepMetrics m)
        {
            (loss, correct, count) = (loss + (m.WeightLoss * m.WeightCount), correct + m.WeightCorrect, count + m.WeightCount);
            (archLoss, archCorrect, archCount) = (archLoss + (m.ArchitectureLoss * m.ArchitectureCount), archCorrect + m.ArchitectureCorrect, archCount + m.ArchitectureCount);
        }

        public DifferentiableEpoch ToEpoch(int epoch, bool child, DifferentiableTrainer trainer, IReadOnlyList<int[]> path, double seconds, double flops) => new(
            epoch, child, loss / Math.Max(1, count), (double)correct / Math.Max(1, count),
            archCount > 0 ? archLoss / archCount : null, archCount > 0 ? (double)archCorrect / archCount : null,
            child ? null : trainer.Temperature, trainer.WeightOptimizer.LearningRate, trainer.Probabilities(), path, trainer.Supernet.Describe(path), seconds, flops);
    }
}

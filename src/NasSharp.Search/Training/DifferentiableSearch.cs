using System.Diagnostics;
using NasSharp.Data;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// The epoch loop shared by the differentiable methods: steps a <see cref="DifferentiableTrainer"/> over the weight
/// data (paired, for bilevel methods, with batches of the architecture data, cycled if shorter), records each
/// epoch (losses, accuracies, alpha and softmax(alpha), the derived genotype), applies the DARTS+ early stop when
/// asked, and optionally trains the derived child on afterwards.
/// </summary>
public static class DifferentiableSearch
{
    /// <summary>The trainer of <paramref name="options"/>.Method on <paramref name="supernet"/>.</summary>
    public static DifferentiableTrainer CreateTrainer(Nb201Supernet supernet, DifferentiableSearchOptions options, int imageSize, Tensor? alpha = null, int? scheduleEpochs = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Method switch
        {
            DifferentiableMethod.Darts or DifferentiableMethod.DartsSecondOrder => new DartsTrainer(supernet, options, imageSize, alpha, scheduleEpochs),
            DifferentiableMethod.Gdas => new GdasTrainer(supernet, options, imageSize, alpha, scheduleEpochs),
            DifferentiableMethod.Snas => new SnasTrainer(supernet, options, imageSize, alpha, scheduleEpochs),
            DifferentiableMethod.Dsnas => new DsnasTrainer(supernet, options, imageSize, alpha, scheduleEpochs),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "DifferentiableSearch: unknown method."),
        };
    }

    /// <summary>Runs the search for <c>trainer.Options.Epochs</c> epochs (fewer on a DARTS+ stop).</summary>
    public static DifferentiableSearchResult Run(DifferentiableTrainer trainer, DataLoader weightData, DataLoader? architectureData, Action<DifferentiableEpoch>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(weightData);
        if (trainer.Bilevel && architectureData == null)
        {
            throw new ArgumentException($"DifferentiableSearch: {DifferentiableMethods.Name(trainer.Options.Method)} needs architecture data (the second half of the search set).");
        }

        var history = new List<DifferentiableEpoch>();
        var clock = Stopwatch.StartNew();
        var stopped = false;
        var genotype = trainer.Distribution().Derive();
        for (var epoch = 0; epoch < trainer.Options.Epochs && !stopped; epoch++)
        {
            var record = SearchEpoch(trainer, weightData, trainer.Bilevel ? architectureData : null, epoch);
            history.Add(record);
            onEpoch?.Invoke(record);
            genotype = record.Genotype;
            stopped = trainer.Options.EarlyStopSkipConnections is { } limit && ArchitectureDistribution.SkipConnections(genotype) >= limit;
        }

        return new DifferentiableSearchResult(genotype, history, stopped, history.Count, clock.Elapsed.TotalSeconds, trainer.Flops);
    }

    /// <summary>
    /// Trains the derived child <paramref name="genotype"/> on with the weights it inherited (DSNAS's deployment without
    /// retraining), continuing the trainer's learning-rate schedule after epoch <paramref name="firstEpoch"/> - 1.
    /// Alpha is not touched. Returns the child epochs.
    /// </summary>
    public static IReadOnlyList<DifferentiableEpoch> TrainChild(DifferentiableTrainer trainer, Nb201Genotype genotype, ChildTrainingPlan plan, int firstEpoch, Action<DifferentiableEpoch>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(plan);
        var history = new List<DifferentiableEpoch>();
        for (var k = 0; k < plan.Epochs; k++)
        {
            var record = ChildEpoch(trainer, genotype, plan.Data, firstEpoch + k);
            history.Add(record);
            onEpoch?.Invoke(record);
        }

        return history;
    }

    /// <summary>
    /// Accuracy and loss of the single path <paramref name="genotype"/> of <paramref name="supernet"/> with its
    /// inherited weights over <paramref name="loader"/>, batch norm on the evaluation batches' own statistics
    /// (<see cref="ClassifierEvaluation.ScoreWithBatchStatistics"/>); the supernet's policy and buffers are restored.
    /// </summary>
    public static ClassificationScore ScorePath(Nb201Supernet supernet, Nb201Genotype genotype, DataLoader loader)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        var policy = supernet.Policy;
        supernet.Policy = new FixedPathPolicy(genotype);
        try
        {
            return ClassifierEvaluation.ScoreWithBatchStatistics(supernet, loader);
        }
        finally
        {
            supernet.Policy = policy;
        }
    }

    private static DifferentiableEpoch SearchEpoch(DifferentiableTrainer trainer, DataLoader weightData, DataLoader? architectureData, int epoch)
    {
        var clock = Stopwatch.StartNew();
        var flops = trainer.Flops;
        trainer.BeginEpoch(epoch);
        var sums = new Sums();
        var cycle = 0;
        var arch = architectureData?.Epoch(epoch).GetEnumerator();
        try
        {
            foreach (var batch in weightData.Epoch(epoch))
            {
                ImageBatch? archBatch = null;
                if (arch != null)
                {
                    if (!arch.MoveNext())
                    {
                        // A shorter architecture half starts over, in a fresh shuffled order.
                        arch.Dispose();
                        arch = architectureData!.Epoch(epoch + (++cycle * 100_003)).GetEnumerator();
                        arch.MoveNext();
                    }

                    archBatch = arch.Current;
                }

                sums.Add(trainer.Step(batch, archBatch));
            }
        }
        finally
        {
            arch?.Dispose();
        }

        var distribution = trainer.Distribution();
        return sums.ToEpoch(epoch, child: false, trainer, distribution, distribution.Derive(), clock.Elapsed.TotalSeconds, trainer.Flops - flops);
    }

    private static DifferentiableEpoch ChildEpoch(DifferentiableTrainer trainer, Nb201Genotype genotype, DataLoader data, int epoch)
    {
        var clock = Stopwatch.StartNew();
        var flops = trainer.Flops;
        trainer.BeginEpoch(epoch);
        var sums = new Sums();
        foreach (var batch in data.Epoch(epoch))
        {
            sums.Add(trainer.ChildStep(genotype, batch));
        }

        return sums.ToEpoch(epoch, child: true, trainer, trainer.Distribution(), genotype, clock.Elapsed.TotalSeconds, trainer.Flops - flops);
    }

    private sealed class Sums
    {
        private double trainLoss;
        private long trainCorrect;
        private long trainCount;
        private double archLoss;
        private long archCorrect;
        private long archCount;

        public void Add(StepMetrics m)
        {
            trainLoss += m.WeightLoss * m.WeightCount;
            trainCorrect += m.WeightCorrect;
            trainCount += m.WeightCount;
            archLoss += m.ArchitectureLoss * m.ArchitectureCount;
            archCorrect += m.ArchitectureCorrect;
            archCount += m.ArchitectureCount;
        }

        public DifferentiableEpoch ToEpoch(int epoch, bool child, DifferentiableTrainer trainer, ArchitectureDistribution distribution, Nb201Genotype genotype, double seconds, double flops) => new(
            epoch,
            child,
            trainLoss / Math.Max(1, trainCount),
            (double)trainCorrect / Math.Max(1, trainCount),
            archCount > 0 ? archLoss / archCount : null,
            archCount > 0 ? (double)archCorrect / archCount : null,
            child ? null : trainer.Temperature,
            trainer.WeightOptimizer.LearningRate,
            distribution,
            genotype,
            seconds,
            flops);
    }
}

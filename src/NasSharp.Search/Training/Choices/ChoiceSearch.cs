using System.Diagnostics;
using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training.Choices;

/// <summary>
/// The epoch loop for choice supernets (as <see cref="DifferentiableSearch"/> for NAS-Bench-201): creates the method's
/// trainer, steps it over the weight data (paired with architecture batches for bilevel methods), records every epoch,
/// trains the derived child on (DSNAS's deployment) and scores a path with inherited weights.
/// </summary>
public static class ChoiceSearch
{
    public static ChoiceTrainer CreateTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Method switch
        {
            DifferentiableMethod.Darts or DifferentiableMethod.DartsSecondOrder => new ChoiceDartsTrainer(supernet, options, imageSize, scheduleEpochs),
            DifferentiableMethod.Gdas or DifferentiableMethod.Snas => new ChoiceGumbelTrainer(supernet, options, imageSize, scheduleEpochs),
            DifferentiableMethod.Dsnas => new ChoiceDsnasTrainer(supernet, options, imageSize, scheduleEpochs),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "ChoiceSearch: unknown method."),
        };
    }

    public static ChoiceSearchResult Run(ChoiceTrainer trainer, DataLoader weightData, DataLoader? architectureData, Action<ChoiceEpoch>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(weightData);
        if (trainer.Bilevel && architectureData == null)
        {
            throw new ArgumentException($"ChoiceSearch: {DifferentiableMethods.Name(trainer.Options.Method)} needs architecture data.");
        }

        var clock = Stopwatch.StartNew();
        var history = new List<ChoiceEpoch>();
        for (var epoch = 0; epoch < trainer.Options.Epochs; epoch++)
        {
            var started = (Clock: Stopwatch.StartNew(), trainer.Flops);
            trainer.BeginEpoch(epoch);
            var sums = new StepSums();
            var arch = trainer.Bilevel ? architectureData!.Epoch(epoch).GetEnumerator() : null;
            try
            {
                foreach (var batch in weightData.Epoch(epoch))
                {
                    if (arch != null && !arch.MoveNext())
                    {
                        arch.Dispose();
                        arch = architectureData!.Epoch(epoch + 100_003).GetEnumerator();
                        arch.MoveNext();
                    }

                    sums.Add(trainer.Step(batch, arch?.Current));
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
        }

        var final = trainer.Derive();
        return new ChoiceSearchResult(final, trainer.Supernet.Describe(final), history, clock.Elapsed.TotalSeconds, trainer.Flops);
    }

    /// <summary>Trains the path on with inherited weights for <paramref name="epochs"/> epochs after epoch <paramref name="firstEpoch"/> - 1.</summary>
    public static IReadOnlyList<ChoiceEpoch> TrainChild(ChoiceTrainer trainer, IReadOnlyList<int[]> path, DataLoader data, int epochs, int firstEpoch, Action<ChoiceEpoch>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(data);
        var history = new List<ChoiceEpoch>();
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

        public ChoiceEpoch ToEpoch(int epoch, bool child, ChoiceTrainer trainer, IReadOnlyList<int[]> path, double seconds, double flops) => new(
            epoch, child, loss / Math.Max(1, count), (double)correct / Math.Max(1, count),
            archCount > 0 ? archLoss / archCount : null, archCount > 0 ? (double)archCorrect / archCount : null,
            child ? null : trainer.Temperature, trainer.WeightOptimizer.LearningRate, trainer.Tables.Probabilities(), path, trainer.Supernet.Describe(path), seconds, flops);
    }
}

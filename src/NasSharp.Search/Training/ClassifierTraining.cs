using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// Trains an image classifier from scratch (the stand-alone training that evaluates an architecture):
/// mini-batch SGD on cross-entropy with the schedule of <see cref="ClassifierTrainingOptions"/>, one
/// <see cref="TensorScope"/> per step, and the test set scored by <see cref="ClassifierEvaluation"/> after
/// every epoch. Progress is reported synchronously on the training thread. Every step passes a
/// <see cref="DivergenceGuard"/> before its update, and the weights are checked after every epoch, so a diverging
/// run ends in <see cref="TrainingDivergedException"/> instead of a result with non-finite weights.
/// </summary>
public sealed class ClassifierTraining
{
    private readonly Module model;
    private readonly ClassifierTrainingOptions options;

    public ClassifierTraining(Module model, ClassifierTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.model = model;
        this.options = options;
    }

    /// <summary>
    /// The augmentation the recipe uses per dataset: CIFAR's pad-4 random crop and horizontal flip (DARTS,
    /// NAS-Bench-201); none for digits and clothes (a flipped digit is another glyph) and the synthetic motifs.
    /// </summary>
    public static ImageAugmentation DefaultAugmentation(ImageDatasetKind kind) =>
        kind is ImageDatasetKind.Cifar10 or ImageDatasetKind.Cifar100 ? ImageAugmentation.CropAndFlip(4) : ImageAugmentation.None;

    /// <summary>
    /// Trains on <paramref name="train"/> for the configured epochs, scoring <paramref name="test"/> (if any) after each.
    /// With <paramref name="checkpointDirectory"/>, a checkpoint (<see cref="ClassifierTrainingCheckpoint"/>) is written
    /// atomically after every epoch, and one found there is resumed from: its epochs are replayed through
    /// <paramref name="progress"/> and the rest are trained, bitwise as an uninterrupted run (the loader's shuffle and
    /// augmentation are keyed by seed and epoch, the schedule by step, and the kernels are deterministic). The divergence
    /// guard restarts its reference after a resume; it stops a run but never changes one that does not diverge.
    /// <paramref name="stepProgress"/> hears every finished batch (progress inside long epochs).
    /// </summary>
    public ClassifierTrainingResult Run(ImageDataset train, ImageDataset? test, IProgress<EpochReport>? progress = null, string? checkpointDirectory = null, IProgress<TrainingStep>? stepProgress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var normalization = options.Normalization ?? train.ComputeNormalization();
        var trainLoader = new DataLoader(train, new DataLoaderOptions
        {
            BatchSize = options.BatchSize,
            Shuffle = true,
            DropLast = train.Count >= options.BatchSize,
            Seed = options.Seed,
            Augmentation = options.Augmentation,
            Normalization = normalization,
        });
        var testLoader = test == null ? null : new DataLoader(test, new DataLoaderOptions { BatchSize = options.BatchSize, Shuffle = false, Normalization = normalization });
        var optimizer = new Sgd(model.Parameters(), (float)options.InitialLearningRate, (float)options.Momentum, (float)options.WeightDecay, options.Nesterov);
        var fingerprint = FormattableString.Invariant($"{options} on {train.Name} ({train.Count} images, {trainLoader.BatchCount} batches per epoch), {model.ParameterCount()} parameters");
        var restored = checkpointDirectory == null ? null : ClassifierTrainingCheckpoint.TryRestore(checkpointDirectory, model, optimizer, fingerprint);
        var reports = new List<EpochReport>(restored?.History ?? []);
        foreach (var report in reports)
        {
            progress?.Report(report);
        }

        var seconds = TrainEpochs(new EpochContext(trainLoader, testLoader, optimizer, reports, progress, stepProgress, checkpointDirectory, fingerprint, cancellation), restored?.Seconds ?? 0);
        var score = reports.Count == 0 || reports[^1].TestAccuracy is not { } accuracy ? null : new ClassificationScore(accuracy, reports[^1].TestLoss!.Value, test!.Count);
        return new ClassifierTrainingResult(reports, score, seconds);
    }

    // The epochs not yet in c.Reports; returns the training seconds of the whole run (those before a resume included).
    private double TrainEpochs(EpochContext c, double secondsBefore)
    {
        var schedule = new CosineAnnealing((float)options.InitialLearningRate, 0f, options.Epochs * c.TrainLoader.BatchCount);
        var guard = new DivergenceGuard(options.DivergenceHint);
        guard.RecordInitialWeights(model);
        var clock = Stopwatch.StartNew();
        for (var epoch = c.Reports.Count; epoch < options.Epochs; epoch++)
        {
            var lr = schedule.At(epoch * c.TrainLoader.BatchCount);
            var started = clock.Elapsed.TotalSeconds;
            var (loss, accuracy, trainSeconds) = TrainEpoch(c, epoch, schedule, guard);
            guard.CheckParameters(model, c.Optimizer.LearningRate);
            var score = c.TestLoader == null ? null : ClassifierEvaluation.Score(model, c.TestLoader);
            var elapsed = secondsBefore + clock.Elapsed.TotalSeconds;
            var report = new EpochReport(
                epoch + 1, options.Epochs, lr, loss, accuracy, score?.Loss, score?.Accuracy,
                c.TrainLoader.BatchCount == 0 ? 0 : Samples(c.TrainLoader) / trainSeconds,
                clock.Elapsed.TotalSeconds - started,
                elapsed / (epoch + 1) * (options.Epochs - epoch - 1));
            c.Reports.Add(report);
            if (c.CheckpointDirectory != null)
            {
                ClassifierTrainingCheckpoint.Save(c.CheckpointDirectory, model, c.Optimizer, new ClassifierTrainingProgress(epoch + 1, c.Reports, elapsed, c.Fingerprint));
            }

            c.Progress?.Report(report);
        }

        return secondsBefore + clock.Elapsed.TotalSeconds;
    }

    private (double Loss, double Accuracy, double Seconds) TrainEpoch(EpochContext c, int epoch, CosineAnnealing schedule, DivergenceGuard guard)
    {
        var (loader, optimizer, cancellation) = (c.TrainLoader, c.Optimizer, c.Cancellation);
        model.Train();
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        long correct = 0;
        long count = 0;
        var step = epoch * loader.BatchCount;
        foreach (var batch in loader.Epoch(epoch))
        {
            cancellation.ThrowIfCancellationRequested();
            optimizer.LearningRate = schedule.At(step++);
            using var scope = new TensorScope();
            var logits = model.Forward(batch.Images);
            var loss = Ops.CrossEntropy(logits, batch.Labels, (float)options.LabelSmoothing);
            var lossValue = (double)loss.Item();
            guard.CheckLoss(lossValue, optimizer.LearningRate);
            optimizer.ZeroGrad();
            loss.Backward();
            var norm = options.GradientClip is { } clip
                ? GradientClipping.ClipByGlobalNorm(optimizer.Parameters, (float)clip)
                : GradientClipping.GlobalNorm(optimizer.Parameters);
            guard.CheckGradientNorm(norm, optimizer.LearningRate);
            optimizer.Step();
            lossSum += lossValue * batch.Count;
            correct += ClassifierEvaluation.CountCorrect(logits, batch.Labels);
            count += batch.Count;
            c.StepProgress?.Report(new TrainingStep(epoch + 1, options.Epochs, step - (epoch * loader.BatchCount), loader.BatchCount, lossValue));
        }

        return (lossSum / count, (double)correct / count, clock.Elapsed.TotalSeconds);
    }

    private static double Samples(DataLoader loader) =>
        loader.Options.DropLast ? (double)loader.BatchCount * loader.Options.BatchSize : loader.Dataset.Count;

    private sealed record EpochContext(DataLoader TrainLoader, DataLoader? TestLoader, Sgd Optimizer, List<EpochReport> Reports, IProgress<EpochReport>? Progress, IProgress<TrainingStep>? StepProgress, string? CheckpointDirectory, string Fingerprint, CancellationToken Cancellation);
}

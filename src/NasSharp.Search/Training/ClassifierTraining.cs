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

    /// <summary>Trains on <paramref name="train"/> for the configured epochs, scoring <paramref name="test"/> (if any) after each.</summary>
    public ClassifierTrainingResult Run(ImageDataset train, ImageDataset? test, IProgress<EpochReport>? progress = null, CancellationToken cancellation = default)
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
        var schedule = new CosineAnnealing((float)options.InitialLearningRate, 0f, options.Epochs * trainLoader.BatchCount);
        var reports = new List<EpochReport>(options.Epochs);
        var guard = new DivergenceGuard(options.DivergenceHint);
        var clock = Stopwatch.StartNew();
        ClassificationScore? score = null;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var lr = schedule.At(epoch * trainLoader.BatchCount);
            var (loss, accuracy, trainSeconds) = TrainEpoch(trainLoader, epoch, optimizer, schedule, guard, cancellation);
            guard.CheckParameters(model, optimizer.LearningRate);
            score = testLoader == null ? null : ClassifierEvaluation.Score(model, testLoader);
            var elapsed = clock.Elapsed.TotalSeconds;
            var report = new EpochReport(
                epoch + 1, options.Epochs, lr, loss, accuracy, score?.Loss, score?.Accuracy,
                trainLoader.BatchCount == 0 ? 0 : Samples(trainLoader) / trainSeconds,
                elapsed - reports.Sum(r => r.Seconds),
                elapsed / (epoch + 1) * (options.Epochs - epoch - 1));
            reports.Add(report);
            progress?.Report(report);
        }

        return new ClassifierTrainingResult(reports, score, clock.Elapsed.TotalSeconds);
    }

    private (double Loss, double Accuracy, double Seconds) TrainEpoch(DataLoader loader, int epoch, Sgd optimizer, CosineAnnealing schedule, DivergenceGuard guard, CancellationToken cancellation)
    {
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
        }

        return (lossSum / count, (double)correct / count, clock.Elapsed.TotalSeconds);
    }

    private static double Samples(DataLoader loader) =>
        loader.Options.DropLast ? (double)loader.BatchCount * loader.Options.BatchSize : loader.Dataset.Count;
}

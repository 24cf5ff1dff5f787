using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.Tasks;

namespace NasSharp.Search.Training;

/// <summary>
/// Trains an image classifier from scratch (the stand-alone training that evaluates an architecture):
/// mini-batch SGD on cross-entropy with the schedule of <see cref="ClassifierTrainingOptions"/> (the step procedure
/// <see cref="ClassifierStepProcedure"/> in the one <see cref="TrainingLoop{TBatch, TRecord}"/>), and the test set
/// scored by <see cref="ClassifierEvaluation"/> after every epoch. Progress is reported synchronously on the training
/// thread. Every step passes a <see cref="DivergenceGuard"/> before its update, and the weights are checked after every
/// epoch, so a diverging run ends in <see cref="TrainingDivergedException"/> instead of a result with non-finite weights.
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
        var fingerprint = FormattableString.Invariant($"{options} on {train.Name} ({train.Count} images, {trainLoader.BatchCount} batches per epoch), {model.ParameterCount()} parameters");
        var procedure = new ClassifierStepProcedure(model, options, trainLoader, testLoader, fingerprint);
        var loop = new TrainingLoop<ImageBatch, EpochReport>(procedure, new LoaderSearchData(trainLoader), options.Epochs);
        if (checkpointDirectory != null)
        {
            loop.TryRestore(checkpointDirectory, progress == null ? null : progress.Report);
        }

        procedure.Guard.RecordInitialWeights(model);
        loop.Run(
            checkpointDirectory,
            progress == null ? null : progress.Report,
            stepProgress == null ? null : s => stepProgress.Report(new TrainingStep(s.Epoch + 1, options.Epochs, s.Batch + 1, s.Batches, s.Metrics.WeightLoss)),
            cancellation);
        var reports = loop.History;
        var score = reports.Count == 0 || reports[^1].TestAccuracy is not { } accuracy ? null : new ClassificationScore(accuracy, reports[^1].TestLoss!.Value, test!.Count);
        return new ClassifierTrainingResult(reports, score, loop.Seconds);
    }
}

using NasSharp.Data;

namespace NasSharp.Search.Training;

/// <summary>
/// The one recipe for training an architecture from scratch, used by every route that does it (the main job's winner,
/// the ground truth, the stand-alone evaluator, the end of a differentiable or chain/DARTS weight-sharing search):
/// <see cref="ClassifierTraining"/> with SGD Nesterov 0.9, weight decay 5e-4, cosine to 0 over the epochs, the run's
/// batch size, learning rate and normalisation, and the dataset's standard augmentation (CIFAR: 4-pixel pad-crop and
/// flip, as NAS-Bench-201 and DARTS train; none for the grey-scale and synthetic sets). The DARTS space's evaluation
/// recipe (auxiliary head, drop path) is <see cref="DartsEvaluationTraining"/>, used when a DARTS cell is retrained
/// after a differentiable search or with <c>nas train --recipe darts</c>.
/// </summary>
public static class RetrainingRecipe
{
    /// <summary>The recipe for <paramref name="dataset"/>; a null <paramref name="learningRate"/> is NAS-Bench-201's 0.1 scaled by batch / 256.</summary>
    public static ClassifierTrainingOptions For(ImageDatasetKind dataset, int epochs, int batchSize, double? learningRate, ChannelNormalization? normalization, int seed) => new()
    {
        Epochs = epochs,
        BatchSize = batchSize,
        LearningRate = learningRate,
        Augmentation = ClassifierTraining.DefaultAugmentation(dataset),
        Normalization = normalization,
        Seed = seed,
    };
}

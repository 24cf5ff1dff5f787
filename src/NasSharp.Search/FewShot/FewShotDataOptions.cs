namespace NasSharp.Search.FewShot;

/// <summary>
/// Which images a few-shot run uses, recorded in the supernet directory so that a sub-supernet trained later,
/// in another process or on another machine, sees exactly the same data. From the dataset's training set, a
/// seeded stratified draw gives <see cref="TrainImages"/> images to train on (weights) and
/// <see cref="ValidationImages"/> held-out images that score architectures; <see cref="TestImages"/> of the
/// test set (the first ones, by index) measure stand-alone accuracy. Images are scaled by the mean and std of
/// the training part; no augmentation (the budgets are a few epochs).
/// </summary>
public sealed record FewShotDataOptions
{
    /// <summary>Training images; 0 takes every training image not held out.</summary>
    public int TrainImages { get; init; }

    public int ValidationImages { get; init; } = 1000;

    /// <summary>Test images for stand-alone accuracy; 0 takes the whole test set.</summary>
    public int TestImages { get; init; }

    /// <summary>Seed of the train/validation draw and of the training data order.</summary>
    public int Seed { get; init; }

    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Batch size when scoring architectures. Supernet batch norm normalises with each batch's statistics, so
    /// this is part of the measurement: large enough for stable statistics, fixed for comparable scores.
    /// </summary>
    public int EvaluationBatchSize { get; init; } = 250;

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        if (TrainImages < 0 || ValidationImages <= 0 || TestImages < 0)
        {
            throw new ArgumentException($"Few-shot data: train images ({TrainImages}) and test images ({TestImages}) must not be negative, validation images ({ValidationImages}) must be positive.");
        }

        if (BatchSize <= 0 || EvaluationBatchSize <= 0)
        {
            throw new ArgumentException($"Few-shot data: batch sizes ({BatchSize}, {EvaluationBatchSize}) must be positive.");
        }
    }
}

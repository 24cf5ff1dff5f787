namespace NasSharp.Search.Training;

/// <summary>
/// One finished epoch of a training procedure. Accuracies are fractions in [0, 1]; the training figures are
/// running means over the epoch's batches (the weights change during the epoch). <see cref="ImagesPerSecond"/>
/// counts training samples over training time only; <see cref="SecondsLeft"/> extrapolates the mean epoch time,
/// evaluation included.
/// </summary>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double LearningRate,
    double TrainLoss,
    double TrainAccuracy,
    double? TestLoss,
    double? TestAccuracy,
    double ImagesPerSecond,
    double Seconds,
    double SecondsLeft);

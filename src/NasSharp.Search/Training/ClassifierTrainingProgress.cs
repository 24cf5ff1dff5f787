namespace NasSharp.Search.Training;

/// <summary>
/// Where a stand-alone training run stands after a finished epoch, stored in its checkpoint: the epochs done (also the
/// position of every random stream, since the loader's shuffle and augmentation are keyed by seed and epoch), every
/// epoch's report so far, the training seconds spent, and the fingerprint of the recipe and data it belongs to.
/// </summary>
public sealed record ClassifierTrainingProgress(int CompletedEpochs, IReadOnlyList<EpochReport> History, double Seconds, string Fingerprint);

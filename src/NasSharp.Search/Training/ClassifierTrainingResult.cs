namespace NasSharp.Search.Training;

/// <summary>The outcome of <see cref="ClassifierTraining.Run"/>: every epoch's report and the final test score (null without a test set).</summary>
public sealed record ClassifierTrainingResult(IReadOnlyList<EpochReport> Epochs, ClassificationScore? Test, double Seconds);

namespace NasSharp.Search.Training;

/// <summary>What <see cref="ClassifierEvaluation.Score"/> measures: top-1 accuracy (fraction in [0, 1]), mean cross-entropy, and the number of images.</summary>
public sealed record ClassificationScore(double Accuracy, double Loss, long Count);

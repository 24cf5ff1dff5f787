namespace NasSharp.Search.Training.Choices;

/// <summary>One epoch of a choice-space search (as <see cref="DifferentiableEpoch"/>): losses, accuracies, per-table probabilities and the derived architecture's text.</summary>
public sealed record ChoiceEpoch(
    int Epoch,
    bool Child,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    float? Temperature,
    float LearningRate,
    float[][] Probabilities,
    IReadOnlyList<int[]> Path,
    string Architecture,
    double Seconds,
    double Flops);

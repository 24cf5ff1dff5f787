namespace NasSharp.Search.Training;

/// <summary>One epoch of a differentiable search (or of the derived child trained on): losses, accuracies (fractions), per-table probabilities of the open choices, and the derived path with its text.</summary>
public sealed record DifferentiableEpoch(
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

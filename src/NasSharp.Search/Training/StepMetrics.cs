namespace NasSharp.Search.Training;

/// <summary>
/// What one search step measured: the weight batch's loss, correct predictions and size, and, for bilevel
/// methods, the same for the architecture batch (zeros otherwise).
/// </summary>
public readonly record struct StepMetrics(
    double WeightLoss,
    int WeightCorrect,
    int WeightCount,
    double ArchitectureLoss = 0,
    int ArchitectureCorrect = 0,
    int ArchitectureCount = 0);

namespace NasSharp.NN.Training;

/// <summary>
/// What one training step measured (<see cref="IStepProcedure{TBatch, TRecord}.Step"/>): the weight batch's loss,
/// correct predictions and size, and, for bilevel search methods, the same for the architecture batch (zeros otherwise).
/// </summary>
public readonly record struct StepMetrics(
    double WeightLoss,
    int WeightCorrect,
    int WeightCount,
    double ArchitectureLoss = 0,
    int ArchitectureCorrect = 0,
    int ArchitectureCount = 0);

using NasSharp.Search.Spaces;

namespace NasSharp.Search.Training;

/// <summary>
/// One epoch of a differentiable search: mean loss and accuracy on the weight batches (train) and, for bilevel
/// methods, on the architecture batches (validation); the temperature and weight learning rate in force; the
/// architecture distribution and derived genotype at the epoch's end; the wall seconds and analytic training FLOPs
/// of the epoch. <see cref="Child"/> marks epochs that train the derived child after the search (no alpha update).
/// </summary>
public sealed record DifferentiableEpoch(
    int Epoch,
    bool Child,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    float? Temperature,
    float LearningRate,
    ArchitectureDistribution Distribution,
    Nb201Genotype Genotype,
    double Seconds,
    double Flops);

namespace NasSharp.NN.Training;

/// <summary>
/// The running sums of one epoch's steps: example-weighted loss sums, correct predictions and examples, for the weight
/// batches and (bilevel methods) the architecture batches. Means are left to the step procedure's record, so each
/// keeps its own arithmetic (a mean loss is the sum over the count; an accuracy a fraction or a percentage).
/// </summary>
public sealed class EpochSums
{
    /// <summary>Sum over the steps of the weight loss times the batch's examples.</summary>
    public double WeightLoss { get; private set; }

    public long WeightCorrect { get; private set; }

    public long WeightCount { get; private set; }

    /// <summary>Sum over the steps of the architecture loss times the architecture batch's examples.</summary>
    public double ArchitectureLoss { get; private set; }

    public long ArchitectureCorrect { get; private set; }

    public long ArchitectureCount { get; private set; }

    /// <summary>Adds one step.</summary>
    public void Add(StepMetrics m)
    {
        (WeightLoss, WeightCorrect, WeightCount) = (WeightLoss + (m.WeightLoss * m.WeightCount), WeightCorrect + m.WeightCorrect, WeightCount + m.WeightCount);
        (ArchitectureLoss, ArchitectureCorrect, ArchitectureCount) = (ArchitectureLoss + (m.ArchitectureLoss * m.ArchitectureCount), ArchitectureCorrect + m.ArchitectureCorrect, ArchitectureCount + m.ArchitectureCount);
    }
}

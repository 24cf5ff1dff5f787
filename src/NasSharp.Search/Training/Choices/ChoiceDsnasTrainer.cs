using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training.Choices;

/// <summary>
/// DSNAS on a choice supernet (the chain space is the paper's own): one sampled path per step, weights (SGD) and
/// log alpha (Adam, credit * (onehot - p)) updated from the same backward pass on the same batch.
/// </summary>
public sealed class ChoiceDsnasTrainer : ChoiceTrainer
{
    private readonly DsnasChoicePolicy policy;

    public ChoiceDsnasTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs = null)
        : base(supernet, options, imageSize, scheduleEpochs)
    {
        if (options.Method != DifferentiableMethod.Dsnas)
        {
            throw new ArgumentException($"ChoiceDsnasTrainer: method {options.Method} is not DSNAS.");
        }

        policy = new DsnasChoicePolicy(Tables, Random);
        Install();
    }

    public override IChoicePolicy Policy => policy;

    public override StepMetrics Step(ImageBatch weightBatch, ImageBatch? architectureBatch)
    {
        ArgumentNullException.ThrowIfNull(weightBatch);
        using var scope = new TensorScope();
        WeightOptimizer.ZeroGrad(setToNone: true);
        ArchitectureOptimizer.ZeroGrad(setToNone: true);
        var (loss, correct) = Forward(weightBatch);
        loss.Backward();
        policy.BackwardArchitecture();
        Penalty?.Term(Tables).Backward();
        StepWeights();
        ArchitectureOptimizer.Step();
        ChargePath(policy.Chosen, weightBatch.Count);
        return new StepMetrics(loss.Item(), correct, weightBatch.Count);
    }
}

using NasSharp.NN.Training;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// DSNAS (Hu et al., CVPR 2020) as a step procedure (<see cref="DsnasChoicePolicy"/>; the chain space is the paper's
/// own): one sampled path per step, weights (SGD) and log alpha (Adam, credit * (onehot - p)) updated from the same
/// backward pass on the same batch: task-specific end-to-end search, single level.
/// </summary>
[DifferentiableMethod(DifferentiableMethod.Dsnas, "dsnas")]
public sealed class DsnasTrainer : DifferentiableTrainer
{
    private readonly DsnasChoicePolicy policy;

    public DsnasTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs, ChoiceTables? initialTables)
        : base(supernet, options, imageSize, scheduleEpochs, initialTables)
    {
        policy = new DsnasChoicePolicy(Tables, Random);
        Install();
    }

    public override IChoicePolicy Policy => policy;

    public override StepMetrics Step<TBatch>(ISearchTask<TBatch> task, TBatch weightBatch, TBatch? architectureBatch)
        where TBatch : class
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(weightBatch);
        using var scope = new TensorScope();
        ZeroWeightGradients();
        ArchitectureOptimizer.ZeroGrad(setToNone: true);
        var (loss, correct) = Forward(task, weightBatch, out var objective);
        Backward(objective);
        policy.BackwardArchitecture();
        Penalty?.Term(Tables, Supernet.Mask).Backward();
        StepWeights();
        ArchitectureOptimizer.Step();
        ChargePath(policy.Chosen, task.Inputs(weightBatch));
        return new StepMetrics(loss.Item(), correct, task.Count(weightBatch));
    }
}

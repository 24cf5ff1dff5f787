using NasSharp.Data;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// DSNAS (Hu et al., CVPR 2020, Algorithm 1): task-specific end-to-end search. Every step samples one path
/// (<see cref="DsnasPolicy"/>: a hard one-hot Z per edge from softmax(log alpha)), runs only it, and from one
/// backward pass of the task loss updates both the weights (SGD) and log alpha (Adam, with the low-biased
/// gradient credit * (onehot(s) - p) per edge plus, when on, the expected-FLOPs penalty's gradient), on the same
/// batch. At the end the argmax child keeps its trained weights: it is deployed without retraining.
/// </summary>
public sealed class DsnasTrainer : DifferentiableTrainer
{
    private readonly DsnasPolicy policy;

    public DsnasTrainer(Nb201Supernet supernet, DifferentiableSearchOptions options, int imageSize, Tensor? alpha = null, int? scheduleEpochs = null)
        : base(supernet, options, imageSize, alpha, scheduleEpochs)
    {
        if (options.Method != DifferentiableMethod.Dsnas)
        {
            throw new ArgumentException($"DsnasTrainer: method {options.Method} is not DSNAS.");
        }

        policy = new DsnasPolicy(Alpha, Random);
        Install();
    }

    public override IEdgePolicy Policy => policy;

    public override StepMetrics Step(ImageBatch weightBatch, ImageBatch? architectureBatch)
    {
        ArgumentNullException.ThrowIfNull(weightBatch);
        using var scope = new TensorScope();
        WeightOptimizer.ZeroGrad(setToNone: true);
        ArchitectureOptimizer.ZeroGrad(setToNone: true);
        var (loss, correct) = Forward(weightBatch.Images, weightBatch.Labels);
        loss.Backward();
        policy.BackwardArchitecture();
        if (Penalty != null)
        {
            Penalty.Term(Alpha, Supernet.EdgeSpace).Backward();
        }

        StepWeights();
        ArchitectureOptimizer.Step();
        ChargePath(policy.CurrentPath, weightBatch.Count);
        return new StepMetrics(loss.Item(), correct, weightBatch.Count);
    }
}

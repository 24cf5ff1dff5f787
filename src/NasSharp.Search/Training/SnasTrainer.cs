using NasSharp.Data;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// SNAS (Xie et al., ICLR 2019, section 2): every forward pass weights each edge's operations by a relaxed
/// Gumbel-softmax sample (<see cref="GumbelSoftPolicy"/>); weights and alpha are updated together from the same
/// loss on the same batch (single level, no architecture half). The temperature falls linearly from 1 to 0.03.
/// </summary>
public sealed class SnasTrainer : DifferentiableTrainer
{
    private readonly GumbelSoftPolicy policy;

    public SnasTrainer(Nb201Supernet supernet, DifferentiableSearchOptions options, int imageSize, Tensor? alpha = null, int? scheduleEpochs = null)
        : base(supernet, options, imageSize, alpha, scheduleEpochs)
    {
        if (options.Method != DifferentiableMethod.Snas)
        {
            throw new ArgumentException($"SnasTrainer: method {options.Method} is not SNAS.");
        }

        policy = new GumbelSoftPolicy(Alpha, Random, options.Temperature(0));
        Install();
    }

    public override IEdgePolicy Policy => policy;

    public override float? Temperature => policy.Temperature;

    public override void BeginEpoch(int epoch)
    {
        base.BeginEpoch(epoch);
        policy.Temperature = Options.Temperature(epoch);
    }

    public override StepMetrics Step(ImageBatch weightBatch, ImageBatch? architectureBatch)
    {
        ArgumentNullException.ThrowIfNull(weightBatch);
        using var scope = new TensorScope();
        WeightOptimizer.ZeroGrad(setToNone: true);
        ArchitectureOptimizer.ZeroGrad(setToNone: true);
        var (loss, correct) = Forward(weightBatch.Images, weightBatch.Labels);
        WithPenalty(loss).Backward();
        StepWeights();
        ArchitectureOptimizer.Step();
        ChargeMixed(weightBatch.Count);
        return new StepMetrics(loss.Item(), correct, weightBatch.Count);
    }
}

using NasSharp.Data;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// GDAS (Dong &amp; Yang, CVPR 2019, Algorithm 1, as NAS-Bench-201's search code runs it): every forward pass draws
/// one hard Gumbel sample per edge (<see cref="GumbelHardPolicy"/>), so only one path runs. Each step updates the
/// weights by SGD on a weight batch, then alpha by Adam on an architecture batch (each with its own sample). The
/// temperature falls linearly from 10 to 0.1 over the epochs.
/// </summary>
public sealed class GdasTrainer : DifferentiableTrainer
{
    private readonly GumbelHardPolicy policy;

    public GdasTrainer(Nb201Supernet supernet, DifferentiableSearchOptions options, int imageSize, Tensor? alpha = null, int? scheduleEpochs = null)
        : base(supernet, options, imageSize, alpha, scheduleEpochs)
    {
        if (options.Method != DifferentiableMethod.Gdas)
        {
            throw new ArgumentException($"GdasTrainer: method {options.Method} is not GDAS.");
        }

        policy = new GumbelHardPolicy(Alpha, Random, options.Temperature(0));
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
        ArgumentNullException.ThrowIfNull(architectureBatch);
        double weightLoss;
        int weightCorrect;
        using (var scope = new TensorScope())
        using (Freeze([Alpha]))
        {
            WeightOptimizer.ZeroGrad(setToNone: true);
            var (loss, correct) = Forward(weightBatch.Images, weightBatch.Labels);
            loss.Backward();
            StepWeights();
            ChargePath(policy.CurrentPath, weightBatch.Count);
            (weightLoss, weightCorrect) = (loss.Item(), correct);
        }

        using (var scope = new TensorScope())
        using (Freeze(Weights))
        {
            ArchitectureOptimizer.ZeroGrad(setToNone: true);
            var (loss, correct) = Forward(architectureBatch.Images, architectureBatch.Labels);
            WithPenalty(loss).Backward();
            ArchitectureOptimizer.Step();
            ChargePath(policy.CurrentPath, architectureBatch.Count);
            return new StepMetrics(weightLoss, weightCorrect, weightBatch.Count, loss.Item(), correct, architectureBatch.Count);
        }
    }
}

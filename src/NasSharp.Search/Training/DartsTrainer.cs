using NasSharp.Data;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// DARTS (Liu et al., ICLR 2019, Algorithm 1) on a NAS-Bench-201 supernet: every edge is the softmax(alpha)-weighted
/// sum of its operations (<see cref="SoftmaxWeightedPolicy"/>). Each step first updates alpha by Adam on a batch of
/// the architecture half (first order: the gradient of L_val at the current weights; second order:
/// <see cref="DartsHypergradient"/> with xi = the current weight learning rate), then the weights by SGD on a batch of
/// the weight half, in the order of the DARTS code. The optional FLOPs penalty joins L_val.
/// </summary>
public sealed class DartsTrainer : DifferentiableTrainer
{
    private readonly SoftmaxWeightedPolicy policy;

    public DartsTrainer(Nb201Supernet supernet, DifferentiableSearchOptions options, int imageSize, Tensor? alpha = null, int? scheduleEpochs = null)
        : base(supernet, options, imageSize, alpha, scheduleEpochs)
    {
        if (options.Method is not (DifferentiableMethod.Darts or DifferentiableMethod.DartsSecondOrder))
        {
            throw new ArgumentException($"DartsTrainer: method {options.Method} is not DARTS.");
        }

        policy = new SoftmaxWeightedPolicy(Alpha);
        Install();
    }

    public override IEdgePolicy Policy => policy;

    /// <summary>True for the second-order (unrolled) architecture gradient.</summary>
    public bool SecondOrder => Options.Method == DifferentiableMethod.DartsSecondOrder;

    public override StepMetrics Step(ImageBatch weightBatch, ImageBatch? architectureBatch)
    {
        ArgumentNullException.ThrowIfNull(weightBatch);
        ArgumentNullException.ThrowIfNull(architectureBatch);
        var (archLoss, archCorrect) = ArchitectureStep(weightBatch, architectureBatch);
        using var scope = new TensorScope();
        using var frozen = Freeze([Alpha]);
        WeightOptimizer.ZeroGrad(setToNone: true);
        var (loss, correct) = Forward(weightBatch.Images, weightBatch.Labels);
        loss.Backward();
        StepWeights();
        ChargeMixed(weightBatch.Count);
        return new StepMetrics(loss.Item(), correct, weightBatch.Count, archLoss, archCorrect, architectureBatch.Count);
    }

    private (double Loss, int Correct) ArchitectureStep(ImageBatch weightBatch, ImageBatch architectureBatch)
    {
        ArchitectureOptimizer.ZeroGrad(setToNone: true);
        var correct = 0;
        var loss = 0.0;
        if (SecondOrder)
        {
            // The task loss is what gets reported; the penalty only steers alpha.
            Tensor ValidationLoss()
            {
                var (l, c) = Forward(architectureBatch.Images, architectureBatch.Labels);
                (loss, correct) = (l.Item(), c);
                return WithPenalty(l);
            }

            DartsHypergradient.Apply(Weights, Alpha, WeightOptimizer.LearningRate, () => Forward(weightBatch.Images, weightBatch.Labels).Loss, ValidationLoss);
            ChargeMixed(weightBatch.Count, passes: 3);
            ChargeMixed(architectureBatch.Count);
        }
        else
        {
            using var scope = new TensorScope();
            using var frozen = Freeze(Weights);
            var (l, c) = Forward(architectureBatch.Images, architectureBatch.Labels);
            WithPenalty(l).Backward();
            (loss, correct) = (l.Item(), c);
            ChargeMixed(architectureBatch.Count);
        }

        ArchitectureOptimizer.Step();
        return (loss, correct);
    }
}

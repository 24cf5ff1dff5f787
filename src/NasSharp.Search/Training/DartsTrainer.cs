using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// DARTS (Liu et al., ICLR 2019, Algorithm 1) as a step procedure: every layer mixes its open choices by softmax(alpha)
/// (<see cref="SoftmaxChoicePolicy"/>). Each step first updates alpha by Adam on a batch of the architecture half (first
/// order: the gradient of L_val at the current weights; second order: <see cref="DartsHypergradient"/> with xi = the
/// current weight learning rate, once per table when there are two, as the DARTS space's normal and reduction cells),
/// then the weights by SGD on a batch of the weight half, in the order of the DARTS code. The optional FLOPs penalty
/// joins L_val.
/// </summary>
public sealed class DartsTrainer : DifferentiableTrainer
{
    private readonly SoftmaxChoicePolicy policy;

    public DartsTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs = null, ChoiceTables? initialTables = null)
        : base(supernet, options, imageSize, scheduleEpochs, initialTables)
    {
        if (options.Method is not (DifferentiableMethod.Darts or DifferentiableMethod.DartsSecondOrder))
        {
            throw new ArgumentException($"DartsTrainer: method {options.Method} is not DARTS.");
        }

        policy = new SoftmaxChoicePolicy(Tables);
        Install();
    }

    public override IChoicePolicy Policy => policy;

    public override StepMetrics Step(ImageBatch weightBatch, ImageBatch? architectureBatch)
    {
        ArgumentNullException.ThrowIfNull(weightBatch);
        ArgumentNullException.ThrowIfNull(architectureBatch);
        ArchitectureOptimizer.ZeroGrad(setToNone: true);
        var (archLoss, archCorrect) = Options.Method == DifferentiableMethod.DartsSecondOrder ? SecondOrder(weightBatch, architectureBatch) : FirstOrder(architectureBatch);
        ArchitectureOptimizer.Step();

        using var scope = new TensorScope();
        using var frozen = new GradientFreeze(Tables.Tables);
        WeightOptimizer.ZeroGrad(setToNone: true);
        var (loss, correct) = Forward(weightBatch);
        Backward(loss);
        StepWeights();
        ChargeMixed(weightBatch.Count);
        return new StepMetrics(loss.Item(), correct, weightBatch.Count, archLoss, archCorrect, architectureBatch.Count);
    }

    private (double, int) FirstOrder(ImageBatch batch)
    {
        using var scope = new TensorScope();
        using var frozen = new GradientFreeze(Weights);
        var (loss, correct) = Forward(batch);
        Backward(WithPenalty(loss));
        ChargeMixed(batch.Count);
        return (loss.Item(), correct);
    }

    // One hypergradient per table, the other tables held fixed (their cross terms are in their own pass).
    private (double, int) SecondOrder(ImageBatch weightBatch, ImageBatch batch)
    {
        var (loss, correct) = (0.0, 0);
        foreach (var table in Tables.Tables)
        {
            using var others = new GradientFreeze(Tables.Tables.Where(t => !ReferenceEquals(t, table)));
            loss = DartsHypergradient.Apply(Weights, table, WeightOptimizer.LearningRate, () => Forward(weightBatch).Loss, () =>
            {
                var (l, c) = Forward(batch);
                correct = c;
                return WithPenalty(l);
            });
            ChargeMixed(weightBatch.Count, passes: 3);
            ChargeMixed(batch.Count);
        }

        return (loss, correct);
    }
}

using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training.Choices;

/// <summary>
/// DARTS (first or second order) on a choice supernet, as <see cref="DartsTrainer"/>: alpha by Adam on an architecture
/// batch (second order through <see cref="DartsHypergradient"/>, which works on any weights and any alpha), then the
/// weights by SGD on a weight batch. With two tables (DARTS space), the hypergradient runs once per table.
/// </summary>
public sealed class ChoiceDartsTrainer : ChoiceTrainer
{
    private readonly SoftmaxChoicePolicy policy;

    public ChoiceDartsTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs = null)
        : base(supernet, options, imageSize, scheduleEpochs)
    {
        if (options.Method is not (DifferentiableMethod.Darts or DifferentiableMethod.DartsSecondOrder))
        {
            throw new ArgumentException($"ChoiceDartsTrainer: method {options.Method} is not DARTS.");
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
        loss.Backward();
        StepWeights();
        ChargeMixed(weightBatch.Count);
        return new StepMetrics(loss.Item(), correct, weightBatch.Count, archLoss, archCorrect, architectureBatch.Count);
    }

    private (double, int) FirstOrder(ImageBatch batch)
    {
        using var scope = new TensorScope();
        using var frozen = new GradientFreeze(Weights);
        var (loss, correct) = Forward(batch);
        WithPenalty(loss).Backward();
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

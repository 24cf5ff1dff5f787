using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training.Choices;

/// <summary>
/// GDAS (hard sample, bilevel: weights on a weight batch, then alpha on an architecture batch) or SNAS (relaxed sample,
/// weights and alpha from the same loss on the same batch) on a choice supernet, with the temperature annealed linearly.
/// </summary>
public sealed class ChoiceGumbelTrainer : ChoiceTrainer
{
    private readonly GumbelChoicePolicy policy;

    public ChoiceGumbelTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs = null)
        : base(supernet, options, imageSize, scheduleEpochs)
    {
        if (options.Method is not (DifferentiableMethod.Gdas or DifferentiableMethod.Snas))
        {
            throw new ArgumentException($"ChoiceGumbelTrainer: method {options.Method} is neither GDAS nor SNAS.");
        }

        policy = new GumbelChoicePolicy(Tables, Random, hard: options.Method == DifferentiableMethod.Gdas, options.Temperature(0));
        Install();
    }

    public override IChoicePolicy Policy => policy;

    public override float? Temperature => policy.Temperature;

    public override void BeginEpoch(int epoch)
    {
        base.BeginEpoch(epoch);
        policy.Temperature = Options.Temperature(epoch);
    }

    public override StepMetrics Step(ImageBatch weightBatch, ImageBatch? architectureBatch)
    {
        ArgumentNullException.ThrowIfNull(weightBatch);
        if (!policy.Hard)
        {
            using var scope = new TensorScope();
            WeightOptimizer.ZeroGrad(setToNone: true);
            ArchitectureOptimizer.ZeroGrad(setToNone: true);
            var (loss, correct) = Forward(weightBatch);
            WithPenalty(loss).Backward();
            StepWeights();
            ArchitectureOptimizer.Step();
            ChargeMixed(weightBatch.Count);
            return new StepMetrics(loss.Item(), correct, weightBatch.Count);
        }

        ArgumentNullException.ThrowIfNull(architectureBatch);
        StepMetrics weights;
        using (var scope = new TensorScope())
        using (new GradientFreeze(Tables.Tables))
        {
            WeightOptimizer.ZeroGrad(setToNone: true);
            var (loss, correct) = Forward(weightBatch);
            loss.Backward();
            StepWeights();
            ChargePath(policy.Chosen, weightBatch.Count);
            weights = new StepMetrics(loss.Item(), correct, weightBatch.Count);
        }

        using (var scope = new TensorScope())
        using (new GradientFreeze(Weights))
        {
            ArchitectureOptimizer.ZeroGrad(setToNone: true);
            var (loss, correct) = Forward(architectureBatch);
            WithPenalty(loss).Backward();
            ArchitectureOptimizer.Step();
            ChargePath(policy.Chosen, architectureBatch.Count);
            return weights with { ArchitectureLoss = loss.Item(), ArchitectureCorrect = correct, ArchitectureCount = architectureBatch.Count };
        }
    }
}

using NasSharp.NN.Training;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// GDAS (Dong &amp; Yang, CVPR 2019; hard sample, bilevel: weights on a weight batch, then alpha on an architecture batch)
/// or SNAS (Xie et al., ICLR 2019; relaxed sample, weights and alpha from the same loss on the same batch) as a step
/// procedure (<see cref="GumbelChoicePolicy"/>), with the temperature annealed linearly per epoch (GDAS: 10 to 0.1).
/// </summary>
[DifferentiableMethod(DifferentiableMethod.Gdas, "gdas", Bilevel = true)]
[DifferentiableMethod(DifferentiableMethod.Snas, "snas", Continuous = true)]
public sealed class GumbelTrainer : DifferentiableTrainer
{
    private readonly GumbelChoicePolicy policy;

    public GumbelTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs, ChoiceTables? initialTables)
        : base(supernet, options, imageSize, scheduleEpochs, initialTables)
    {
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

    public override StepMetrics Step<TBatch>(ISearchTask<TBatch> task, TBatch weightBatch, TBatch? architectureBatch)
        where TBatch : class
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(weightBatch);
        if (!policy.Hard)
        {
            using var scope = new TensorScope();
            ZeroWeightGradients();
            ArchitectureOptimizer.ZeroGrad(setToNone: true);
            var (loss, correct) = Forward(task, weightBatch, out var objective);
            Backward(WithPenalty(objective));
            StepWeights();
            ArchitectureOptimizer.Step();
            ChargeMixed(task.Inputs(weightBatch));
            return new StepMetrics(loss.Item(), correct, task.Count(weightBatch));
        }

        ArgumentNullException.ThrowIfNull(architectureBatch);
        StepMetrics weights;
        using (var scope = new TensorScope())
        using (new GradientFreeze(Tables.Tables))
        {
            ZeroWeightGradients();
            var (loss, correct) = Forward(task, weightBatch, out var objective);
            Backward(objective);
            StepWeights();
            ChargePath(policy.Chosen, task.Inputs(weightBatch));
            weights = new StepMetrics(loss.Item(), correct, task.Count(weightBatch));
        }

        using (var scope = new TensorScope())
        using (new GradientFreeze(WeightsAndGains))
        {
            ArchitectureOptimizer.ZeroGrad(setToNone: true);
            var (loss, correct) = Forward(task, architectureBatch);
            Backward(WithPenalty(loss));
            ArchitectureOptimizer.Step();
            ChargePath(policy.Chosen, task.Inputs(architectureBatch));
            return weights with { ArchitectureLoss = loss.Item(), ArchitectureCorrect = correct, ArchitectureCount = task.Count(architectureBatch) };
        }
    }
}

using NasSharp.NN.Training;
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
[DifferentiableMethod(DifferentiableMethod.Darts, "darts", Bilevel = true, Continuous = true)]
[DifferentiableMethod(DifferentiableMethod.DartsSecondOrder, "darts2", Bilevel = true, Continuous = true)]
public class DartsTrainer : DifferentiableTrainer
{
    private readonly SoftmaxChoicePolicy policy;

    public DartsTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs, ChoiceTables? initialTables)
        : base(supernet, options, imageSize, scheduleEpochs, initialTables)
    {
        policy = new SoftmaxChoicePolicy(Tables);
        Install();
    }

    public override IChoicePolicy Policy => policy;

    /// <summary>Whether this step updates alpha (variants may hold it, e.g. during a warm-up of the weights).</summary>
    protected virtual bool UpdatesArchitecture => true;

    public override StepMetrics Step<TBatch>(ISearchTask<TBatch> task, TBatch weightBatch, TBatch? architectureBatch)
        where TBatch : class
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(weightBatch);
        ArgumentNullException.ThrowIfNull(architectureBatch);
        var (archLoss, archCorrect, archCount) = (0.0, 0, 0);
        if (UpdatesArchitecture)
        {
            ArchitectureOptimizer.ZeroGrad(setToNone: true);
            (archLoss, archCorrect) = Options.Method == DifferentiableMethod.DartsSecondOrder ? SecondOrder(task, weightBatch, architectureBatch) : FirstOrder(task, architectureBatch);
            ArchitectureOptimizer.Step();
            archCount = task.Count(architectureBatch);
        }

        using var scope = new TensorScope();
        using var frozen = new GradientFreeze(Tables.Tables);
        ZeroWeightGradients();
        var (loss, correct) = Forward(task, weightBatch, out var objective);
        Backward(objective);
        StepWeights();
        ChargeMixed(task.Inputs(weightBatch));
        return new StepMetrics(loss.Item(), correct, task.Count(weightBatch), archLoss, archCorrect, archCount);
    }

    private (double, int) FirstOrder<TBatch>(ISearchTask<TBatch> task, TBatch batch)
        where TBatch : class
    {
        using var scope = new TensorScope();
        using var frozen = new GradientFreeze(WeightsAndGains);
        var (loss, correct) = Forward(task, batch);
        Backward(WithPenalty(loss));
        ChargeMixed(task.Inputs(batch));
        return (loss.Item(), correct);
    }

    // One hypergradient per table the network reads, the other tables held fixed (their cross terms are in their own
    // pass); the tables of nodes a growing supernet does not hold yet get no gradient.
    private (double, int) SecondOrder<TBatch>(ISearchTask<TBatch> task, TBatch weightBatch, TBatch batch)
        where TBatch : class
    {
        var (loss, correct) = (0.0, 0);
        foreach (var table in Supernet.ActiveGroups.Select(g => Tables.Tables[g]))
        {
            using var others = new GradientFreeze(Tables.Tables.Where(t => !ReferenceEquals(t, table)));
            loss = DartsHypergradient.Apply(Weights, table, WeightOptimizer.LearningRate, () =>
            {
                Forward(task, weightBatch, out var objective);
                return objective;
            }, () =>
            {
                var (l, c) = Forward(task, batch);
                correct = c;
                return WithPenalty(l);
            });
            ChargeMixed(task.Inputs(weightBatch), passes: 3);
            ChargeMixed(task.Inputs(batch));
        }

        return (loss, correct);
    }
}

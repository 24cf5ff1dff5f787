using NasSharp.NN.Training;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// What a differentiable search learns from (DESIGN.md, "a task fixes the batch type and the loss"): the loss of the
/// supernet on one batch under its current policy. Image classification (<see cref="ImageClassificationTask"/>), token
/// windows with carried BPTT state and series windows (the recurrent tasks) are implementations; the step procedures
/// and the epoch loop (<see cref="TrainingLoop{TBatch, TRecord}"/> through <see cref="DifferentiableStepProcedure{TBatch}"/>) see only this.
/// </summary>
/// <typeparam name="TBatch">The batch type of the task's data streams.</typeparam>
public interface ISearchTask<in TBatch>
    where TBatch : class
{
    /// <summary>One forward pass of <paramref name="supernet"/> on <paramref name="batch"/> in its current mode.</summary>
    TaskLoss Loss(ChoiceSupernet supernet, TBatch batch);

    /// <summary>The examples the loss averages over (images, tokens, forecast rows), weighting epoch means.</summary>
    int Count(TBatch batch);

    /// <summary>The inputs one forward pass of the supernet runs on, for the FLOP count (images; sequences x time steps).</summary>
    int Inputs(TBatch batch);

    /// <summary>
    /// The factor the weight learning rate of the step on <paramref name="batch"/> is multiplied by, for that step only:
    /// 1, except token windows of drawn lengths (the DARTS recurrent code scales it by length / bptt).
    /// </summary>
    double LearningRateScale(TBatch batch) => 1.0;
}

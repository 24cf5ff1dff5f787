using NasSharp.NN.Training;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// The loss of a supernet on a whole data stream in evaluation mode (dropout off, batch norm on its running
/// statistics), without gradients: the alpha-stream loss that growth triggers, the stopping rule and the growth
/// records read (RECURRENT.md 3.3-3.4). The supernet mixes by softmax(alpha) of the given tables whatever the
/// method's policy, so the value is deterministic (no Gumbel draw) and comparable across methods; the policy and the
/// mode are restored.
/// </summary>
public static class SearchEvaluation
{
    public static double Loss<TBatch>(ChoiceSupernet supernet, ChoiceTables tables, ISearchTask<TBatch> task, ISearchData<TBatch> data)
        where TBatch : class
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(data);
        var (policy, training) = (supernet.Policy, supernet.IsTraining);
        supernet.Policy = new SoftmaxChoicePolicy(tables);
        supernet.Eval();
        try
        {
            using var noGrad = new NoGradScope();
            var (sum, count) = (0.0, 0L);
            foreach (var batch in data.Epoch(0))
            {
                using var scope = new TensorScope();
                var n = task.Count(batch);
                sum += (double)task.Loss(supernet, batch).Loss.Item() * n;
                count += n;
            }

            return sum / Math.Max(1, count);
        }
        finally
        {
            supernet.Policy = policy;
            supernet.Train(training);
        }
    }
}

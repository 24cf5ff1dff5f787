using NasSharp.NN.Training;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Tasks;
using NasSharp.Search.Training;

namespace NasSharp.Search.Growth;

/// <summary>
/// dL/dgate for every node and edge of a growing cell, L the alpha-stream loss as <see cref="SearchEvaluation.Loss"/>
/// measures it (evaluation mode, softmax over the tables, the mean over the stream). RECURRENT.md 3.3 names the largest
/// |dL/dgamma| as the signal for where to grow; <see cref="GrowthController"/> reads it to pick the node an edge goes into.
/// </summary>
public static class GateGradients
{
    /// <summary>One value per group (0 where the group has no gate now); leaves no gradient on any parameter or table.</summary>
    public static double[] Measure<TBatch>(RecurrentSupernet supernet, ChoiceTables tables, ISearchTask<TBatch> task, ISearchData<TBatch> data)
        where TBatch : class
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(data);
        var gates = supernet.Cell.ActiveGroups.Select(g => (Group: g, Gate: supernet.Cell.GateTensor(g))).Where(x => x.Gate != null).ToArray();
        var sums = new double[supernet.Shapes.Count];
        var (policy, training) = (supernet.Policy, supernet.IsTraining);
        supernet.Policy = new SoftmaxChoicePolicy(tables);
        supernet.Eval();
        try
        {
            var count = 0L;
            foreach (var batch in data.Epoch(0))
            {
                using var scope = new NasSharp.Tensors.TensorScope();
                var n = task.Count(batch);
                task.Loss(supernet, batch).Loss.Backward();
                foreach (var (group, gate) in gates)
                {
                    sums[group] += n * (double)(gate!.Grad?.Item() ?? 0f);
                    gate.ClearGrad();
                }

                count += n;
            }

            return sums.Select(s => s / Math.Max(1, count)).ToArray();
        }
        finally
        {
            supernet.Policy = policy;
            supernet.Train(training);
            foreach (var tensor in supernet.Parameters().Concat(tables.Tables))
            {
                tensor.ClearGrad();
            }
        }
    }
}

using NasSharp.Kernels;
using NasSharp.NN.Optimization;
using NasSharp.Search.Growth;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Growth;

[Collection(nameof(ThreadCountSensitive))]
public class GrowthDeterminismTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GrowingTibSearch_OneOrThreeThreads_GivesBitwiseIdenticalWeightsAndGenotype(bool addEdge)
    {
        var saved = KernelParallel.ThreadCount;
        try
        {
            KernelParallel.ThreadCount = 1;
            var single = Search(addEdge);
            KernelParallel.ThreadCount = 3;
            var multi = Search(addEdge);
            Assert.Equal(single.Genotype, multi.Genotype);
            Assert.Equal(single.Epochs, multi.Epochs);
            Assert.Equal(single.Weights, multi.Weights);
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }

    [Fact]
    public void EdgeGrowingSearch_OneOrThreeThreads_GivesTheSameEdgesLossesAndGenotype()
    {
        var windows = NasSharp.Search.Tasks.SyntheticSequences.Series(5, rows: 300, columns: 3);
        var options = new NasSharp.Search.Recurrent.RecurrentSearchOptions
        {
            Grow = GrowthMode.Gtp, GrowMorphism = GrowthMorphism.Both, GrowEvery = 1, MaxNodes = 4, Hidden = 8, BatchSize = 16, Window = 8, Horizon = 1,
            Search = NasSharp.Search.Recurrent.RecurrentSearchOptions.ForTask(NasSharp.Search.Recurrent.RecurrentTask.Forecast, NasSharp.Search.Training.DifferentiableMethod.Darts, 4, 1),
        };
        var saved = KernelParallel.ThreadCount;
        try
        {
            KernelParallel.ThreadCount = 1;
            var single = NasSharp.Search.Recurrent.RecurrentSearch.RunForecast(options, windows);
            KernelParallel.ThreadCount = 3;
            var multi = NasSharp.Search.Recurrent.RecurrentSearch.RunForecast(options, windows);
            Assert.Contains(single.Growth, g => g.NewEdge != null);
            Assert.Equal(single.Growth.Select(g => (g.Epoch, g.NewGroup, g.NewEdge, g.LossBefore, g.LossAfter, g.Stop)), multi.Growth.Select(g => (g.Epoch, g.NewGroup, g.NewEdge, g.LossBefore, g.LossAfter, g.Stop)));
            Assert.Equal(single.AlphaLosses.Select(a => a.Loss), multi.AlphaLosses.Select(a => a.Loss));
            Assert.Equal(single.Genotype, multi.Genotype);
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }

    // A tiny first-order DARTS search on random series that grows by the schedule: 6 epochs of 2 steps, append every 2
    // epochs (M1), and with addEdge an edge s_0 -> s_2 (M4) right after the node that makes it possible.
    private static (string Genotype, int[] Epochs, float[] Weights) Search(bool addEdge)
    {
        var random = new Random(11);
        var cell = new TibSearchCell(3, 8, nodes: 1, capacity: 3, random, inputDropout: 0.1f, hiddenDropout: 0.1f, edgeCapacity: 1);
        var tables = new ChoiceTables(cell.Shapes, new Random(12));
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(13), dropout: 0.1f), new SoftmaxChoicePolicy(tables));
        var weights = new Adam(net.Parameters(), 1e-2f);
        var alphas = new Adam(tables.Tables, 3e-3f, weightDecay: 1e-3f);
        var trigger = new ScheduleTrigger(2);
        var grown = new List<int>();
        var data = new Random(14);
        for (var epoch = 1; epoch <= 6; epoch++)
        {
            var alphaLoss = 0.0;
            for (var step = 0; step < 2; step++)
            {
                using var scope = new TensorScope();
                alphas.ZeroGrad();
                var a = Ops.MseLoss(net.Forward(Tensor.RandomNormal(data, 0, 1, 8, 6, 3)), Tensor.RandomNormal(data, 0, 1, 8, 3));
                alphaLoss += a.Item();
                a.Backward();
                alphas.Step();
                weights.ZeroGrad();
                Ops.MseLoss(net.Forward(Tensor.RandomNormal(data, 0, 1, 8, 6, 3)), Tensor.RandomNormal(data, 0, 1, 8, 3)).Backward();
                weights.Step();
            }

            if (cell.Chain.Count < cell.Capacity && trigger.ShouldGrow(epoch, alphaLoss))
            {
                weights.AddParameters(cell.InsertNode(cell.Chain.Count).Parameters());
                trigger.Grown(epoch);
                grown.Add(epoch);
                if (addEdge && cell.Chain.Count == 2)
                {
                    weights.AddParameters([cell.AddEdge(0, 2).Gamma]);
                }
            }
        }

        var genotype = net.Describe(net.DerivePath(tables.Probabilities()));
        return (genotype, [.. grown], [.. net.Parameters().SelectMany(p => p.ToArray()), .. tables.Tables.SelectMany(t => t.ToArray())]);
    }
}

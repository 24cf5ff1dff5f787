using NasSharp.NN.Training;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Spaces.DartsRnn;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks.Recurrent;

public class DartsRnnCellTests
{
    [Fact]
    public void SearchCell_TwoNodesSoftmax_MatchesHandWrittenCodeFormulas()
    {
        const int h = 3;
        var cell = new DartsRnnSearchCell(h, h, nodes: 2, capacity: 2, new Random(0), batchNorm: false);
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 1f);
        cell.Attach(new SoftmaxChoicePolicy(tables));
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 2, 2, h);
        var (outputs, _) = cell.Run(x, null);

        var p = tables.Probabilities();
        var weights = cell.NamedParameters().ToDictionary(n => n.Name, n => n.Tensor.ToArray());
        var expected = DartsRnnReference.Run(x.ToArray(), 2, 2, h, weights["_W0"], [weights["_Ws.0"], weights["_Ws.1"]], (node, edge, op) => p[node][(edge * 5) + op]);
        Assert.Equal(expected.Length, outputs.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], outputs.ToArray()[i], 5);
        }
    }

    [Fact]
    public void EvaluationCell_DartsV2_MatchesHandWrittenCodeFormulas()
    {
        const int h = 3;
        var genotype = DartsRnnGenotype.Parse("darts-rnn:sigmoid~0|relu~1|identity~0");
        var cell = new DartsRnnCell(genotype, h, h, new Random(4));
        var x = Tensor.RandomNormal(new Random(5), 0, 1, 3, 2, h);
        var (outputs, last) = cell.Run(x, null);
        var weights = cell.NamedParameters().ToDictionary(n => n.Name, n => n.Tensor.ToArray());
        var ws = Enumerable.Range(0, 3).Select(i => weights[$"_Ws.{i}"]).ToArray();
        // A derived cell is the dense formula with probability 1 on the kept (edge, op) of each node.
        var expected = DartsRnnReference.Run(x.ToArray(), 3, 2, h, weights["_W0"], ws, (node, edge, op) => edge == genotype.Nodes[node].Predecessor && op == (int)genotype.Nodes[node].Op ? 1 : 0);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], outputs.ToArray()[i], 5);
        }

        Assert.Equal(outputs.ToArray()[^(2 * h)..], last.ToArray());
    }

    [Fact]
    public void SearchCell_EightNodes_Has36EdgesInEightNodeTables()
    {
        var cell = new DartsRnnSearchCell(4, 4, nodes: 8, capacity: 8, new Random(0));
        Assert.Equal(36, cell.Edges.Sum(e => e.Count));
        Assert.Equal(36, cell.Shapes.Sum(s => s.Rows));
        Assert.All(cell.Shapes, s => Assert.Equal(5, s.Choices));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i + 1), cell.Shapes.Select(s => s.Rows));
    }

    [Fact]
    public void Supernet_ProbabilitiesPeakedOnDartsV2_DerivesAndDescribesDartsV2()
    {
        var cell = new DartsRnnSearchCell(4, 4, nodes: 8, capacity: 8, new Random(0));
        var tables = new ChoiceTables(cell.Shapes, new Random(1));
        var net = new RecurrentSupernet(cell, c => new CellLanguageModel(10, c, new KeyedRandom(2)), new SoftmaxChoicePolicy(tables));
        var probabilities = net.Shapes.Select((s, i) =>
        {
            var p = new float[s.Rows * s.Choices];
            var node = DartsRnnGenotype.DartsV2.Nodes[i];
            p[(node.Predecessor * 5) + (int)node.Op] = 1f;
            return p;
        }).ToArray();
        var path = net.DerivePath(probabilities);
        Assert.Equal(DartsRnnGenotype.DartsV2.ToString(), net.Describe(path));
        Assert.True(net.PathFlops(path, 0) < net.MixedFlops(0));
        Assert.Equal("node 3 <- 1", net.RowName(2, 1));
        Assert.Equal("identity", net.ChoiceName(0, 4));
    }

    [Fact]
    public void SearchCell_GradCheck_AlphaWeightsAndInputsWithBatchNorm()
    {
        var cell = new DartsRnnSearchCell(2, 3, nodes: 2, capacity: 2, new Random(0));
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        cell.Attach(new SoftmaxChoicePolicy(tables));
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 2, 6, 2);
        var w0 = cell.NamedParameters().First(n => n.Name == "_W0").Tensor;
        // With W_0 in [-0.04, 0.04] s_0 barely varies over the batch and batch norm divides by a tiny spread, so
        // gradients reach ~500 and float32 differences lose their digits; spread W_0 to [-1, 1] for a well-posed check.
        NasSharp.NN.Initialization.Uniform(w0.Data, -1f, 1f, new Random(5));
        var result = GradCheck.Run(_ => cell.Run(x, null).Outputs, [tables.Tables[0], tables.Tables[1], w0, x], epsilon: 1e-3);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void EvaluationCell_GradCheck_WeightsAndInputs()
    {
        var cell = new DartsRnnCell(DartsRnnGenotype.DartsV1, 2, 3, new Random(0));
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 3, 2, 2);
        var hidden = Tensor.RandomNormal(new Random(3), 0, 0.5f, 2, 3);
        var result = GradCheck.Run(_ => cell.Run(x, hidden).Outputs, [.. cell.Parameters(), x, hidden], epsilon: 1e-3);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void SearchCell_TrainingDropout_IsDeterministicPerSeedAndOffInEvaluation()
    {
        DartsRnnSearchCell Make() => new(3, 3, nodes: 2, capacity: 2, new Random(7), inputDropout: 0.5f, hiddenDropout: 0.5f);
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 3, 2, 3);
        var (a, b) = (Make(), Make());
        a.Attach(new FixedChoicePolicy([[1], [0, 2]]));
        b.Attach(new FixedChoicePolicy([[1], [0, 2]]));
        var trained = a.Run(x, null).Outputs.ToArray();
        Assert.Equal(trained, b.Run(x, null).Outputs.ToArray());
        a.Eval();
        Assert.NotEqual(trained, a.Run(x, null).Outputs.ToArray());
    }
}

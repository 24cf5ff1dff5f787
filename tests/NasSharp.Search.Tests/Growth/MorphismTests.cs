using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Growth;

public class MorphismTests
{
    // RECURRENT.md 7, test 1: T = 10, B = 4, evaluation mode.
    private static readonly Tensor Windows = Tensor.RandomNormal(new Random(3), 0, 1, 4, 10, 3);
    private static readonly Tensor Targets = Tensor.RandomNormal(new Random(4), 0, 1, 4, 3);

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(0)]
    public void TibInsertNode_AnyPosition_KeepsOutputsExactlyAndOnlyGammaLearns(int position)
    {
        var (net, cell, tables) = Tib(new Random(0));
        var before = net.Forward(Windows).ToArray();
        var lossBefore = Ops.MseLoss(net.Forward(Windows), Targets).Item();

        var node = cell.InsertNode(position);
        var after = net.Forward(Windows);
        Assert.Equal(before, after.ToArray());
        var loss = Ops.MseLoss(after, Targets);
        Assert.Equal(lossBefore, loss.Item());

        loss.Backward();
        Assert.All(node.Weight.Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(tables.Tables[node.Group].Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.NotEqual(0f, node.Gamma.Grad!.Item());
    }

    [Fact]
    public void DartsRnnAppendNode_WithBatchNormStatistics_KeepsOutputsExactlyAndOnlyOmegaLearns()
    {
        var cell = new DartsRnnSearchCell(3, 3, nodes: 2, capacity: 3, new Random(0), weightedOutput: true);
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(2)), new SoftmaxChoicePolicy(tables));
        net.Forward(Windows);
        net.Eval();
        var before = net.Forward(Windows).ToArray();

        var added = cell.AppendNode();
        Assert.Equal(3, cell.NodeCount);
        var after = net.Forward(Windows);
        Assert.Equal(before, after.ToArray());

        Ops.MseLoss(after, Targets).Backward();
        Assert.All(added[0].Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(tables.Tables[2].Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.NotEqual(0f, cell.OutputWeight(2).Grad!.Item());
    }

    [Fact]
    public void DartsRnnAppendNode_MeanOutput_IsRefusedWithAReason()
    {
        var cell = new DartsRnnSearchCell(3, 3, nodes: 2, capacity: 3, new Random(0));
        var ex = Assert.Throws<InvalidOperationException>(() => cell.AppendNode());
        Assert.Contains("weightedOutput", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TibRemoveNode_PureSkip_IsExactWhileAMixedNodeChangesTheOutput()
    {
        var cell = new TibSearchCell(3, 4, nodes: 3, capacity: 3, new Random(0));
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(2)), new FixedChoicePolicy([[(int)TibOperation.MulTanh], [(int)TibOperation.Skip], [(int)TibOperation.AddTanh]]));
        net.Eval();
        var before = net.Forward(Windows).ToArray();
        cell.RemoveNode(1);
        Assert.Equal(before, net.Forward(Windows).ToArray());
        cell.RemoveNode(0);
        Assert.NotEqual(before, net.Forward(Windows).ToArray());
    }

    [Fact]
    public void TibInsertNode_AtCapacity_ThrowsNamingTheCapacity()
    {
        var (_, cell, _) = Tib(new Random(0));
        cell.InsertNode(0);
        var ex = Assert.Throws<InvalidOperationException>(() => cell.InsertNode(0));
        Assert.Contains("3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArchitectureOptimizer_TableOfANodeNotYetGrown_HasNoStateUntilItsNodeJoins()
    {
        var cell = new TibSearchCell(3, 4, nodes: 1, capacity: 2, new Random(0));
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(2)), new SoftmaxChoicePolicy(tables));
        var alphas = new NasSharp.NN.Optimization.Adam(tables.Tables, 3e-3f, weightDecay: 1e-3f);
        var untouched = tables.Tables[1].ToArray();
        void Step()
        {
            alphas.ZeroGrad();
            Ops.MseLoss(net.Forward(Windows), Targets).Backward();
            alphas.Step();
        }

        Step();
        Step();
        Assert.Equal(untouched, tables.Tables[1].ToArray());
        Assert.DoesNotContain("1.step", alphas.StateDict().Keys);

        cell.Grow();
        Step();
        Assert.Equal(3f, alphas.StateDict()["0.step"].Item());
        Assert.Equal(1f, alphas.StateDict()["1.step"].Item());
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    public void TibAddEdge_AnySkippingEdge_KeepsOutputsLossAndOldGradientsExactlyAndOnlyItsGateLearns(int from, int to)
    {
        var (reference, _, referenceTables) = TibWithEdges();
        var expected = reference.Forward(Windows);
        var expectedLoss = Ops.MseLoss(expected, Targets);
        expectedLoss.Backward();
        var (net, cell, tables) = TibWithEdges();
        net.Forward(Windows);

        var edge = cell.AddEdge(from, to);
        var after = net.Forward(Windows);
        Assert.Equal(expected.ToArray(), after.ToArray());
        var loss = Ops.MseLoss(after, Targets);
        Assert.Equal(expectedLoss.Item(), loss.Item());

        loss.Backward();
        Assert.All(tables.Tables[edge.Group].Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.NotEqual(0f, edge.Gamma.Grad!.Item());
        var grown = net.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor);
        Assert.All(reference.NamedParameters(), p => Assert.Equal(p.Tensor.Grad!.ToArray(), grown[p.Name].Grad!.ToArray()));
        Assert.All(cell.NodeGroups, g => Assert.Equal(referenceTables.Tables[g].Grad!.ToArray(), tables.Tables[g].Grad!.ToArray()));
    }

    [Fact]
    public void TibAddEdge_ThenANodeInsertedInsideIt_StaysExactAndAContractedSkipSourceHandsOverItsInput()
    {
        // Chain mul_tanh | skip | add_tanh | mul_sigmoid with an open edge s_2 -> s_4 (gamma_e 0.7) out of the skip node.
        var cell = new TibSearchCell(3, 4, nodes: 4, capacity: 5, new Random(0), edgeCapacity: 1);
        var ops = new[] { TibOperation.MulTanh, TibOperation.Skip, TibOperation.AddTanh, TibOperation.MulSigmoid, TibOperation.Highway, TibOperation.AddTanh };
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(2)), new FixedChoicePolicy(ops.Select(o => new[] { (int)o }).ToArray()));
        net.Eval();
        var edge = cell.AddEdge(2, 4);
        edge.Gamma.Data[0] = 0.7f;
        var before = net.Forward(Windows).ToArray();

        cell.InsertNode(3);
        Assert.Equal(before, net.Forward(Windows).ToArray());
        cell.RemoveNode(1);
        Assert.Same(cell.Chain[0], edge.Source);
        Assert.Equal(before, net.Forward(Windows).ToArray());
        cell.RemoveNode(cell.Chain.Count - 1);
        Assert.Empty(cell.Edges);
    }

    [Theory]
    [InlineData(1, 2, "must skip a node")]
    [InlineData(0, 4, "must skip a node")]
    [InlineData(0, 3, "exists already")]
    [InlineData(1, 3, "edgeCapacity")]
    public void TibAddEdge_AdjacentOutsideRepeatedOrOverCapacity_ThrowsWithTheReason(int from, int to, string reason)
    {
        var cell = new TibSearchCell(3, 4, nodes: 3, capacity: 3, new Random(0), edgeCapacity: 1);
        cell.AddEdge(0, 3);
        var ex = Assert.ThrowsAny<Exception>(() => cell.AddEdge(from, to));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BothOptimizers_AnAddedEdge_ItsTableAndGateStartWithFreshStateOthersUntouched()
    {
        var (net, cell, tables) = TibWithEdges();
        net.Train();
        var weights = new NasSharp.NN.Optimization.Adam(net.Parameters(), 1e-2f);
        var alphas = new NasSharp.NN.Optimization.Adam(tables.Tables, 3e-3f, weightDecay: 1e-3f);
        var edgeGroup = cell.Capacity;
        var untouched = tables.Tables[edgeGroup].ToArray();
        void Step()
        {
            weights.ZeroGrad();
            alphas.ZeroGrad();
            Ops.MseLoss(net.Forward(Windows), Targets).Backward();
            weights.Step();
            alphas.Step();
        }

        Step();
        Step();
        Assert.Equal(untouched, tables.Tables[edgeGroup].ToArray());
        Assert.DoesNotContain($"{edgeGroup}.step", alphas.StateDict().Keys);

        var gate = net.Parameters().Count;
        var edge = cell.AddEdge(0, 3);
        weights.AddParameters([edge.Gamma]);
        Step();
        Assert.Equal(edgeGroup, edge.Group);
        Assert.Equal(3f, alphas.StateDict()["0.step"].Item());
        Assert.Equal(1f, alphas.StateDict()[$"{edgeGroup}.step"].Item());
        Assert.Equal(3f, weights.StateDict()["0.step"].Item());
        Assert.Equal(1f, weights.StateDict()[$"{gate}.step"].Item());
        Assert.NotEqual(0f, edge.Gamma.Item());
    }

    // Three nodes (tables 0-3, the fourth for a grown node), tables 4-5 for edges; evaluation mode.
    private static (RecurrentSupernet Net, TibSearchCell Cell, ChoiceTables Tables) TibWithEdges()
    {
        var cell = new TibSearchCell(3, 4, nodes: 3, capacity: 4, new Random(0), edgeCapacity: 2);
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(2)), new SoftmaxChoicePolicy(tables));
        net.Eval();
        return (net, cell, tables);
    }

    private static (RecurrentSupernet Net, TibSearchCell Cell, ChoiceTables Tables) Tib(Random random)
    {
        var cell = new TibSearchCell(3, 4, nodes: 2, capacity: 3, random);
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(2)), new SoftmaxChoicePolicy(tables));
        net.Eval();
        return (net, cell, tables);
    }
}

using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks.Recurrent;

/// <summary>
/// --tib-bound (RECURRENT.md 1.2, "Stability": "apply tanh to h_t"): h_t = tanh(s_N) in the search cell and the derived
/// cell; its gradient, and growth (M1 append, M2 insert, M4 edge) staying exact with it, since the morphisms act on s_N.
/// </summary>
public class TibBoundTests
{
    // [T, B, In] and a start state well outside (-1, 1), so an unbounded state leaves that interval.
    private static readonly Tensor Inputs = Tensor.RandomNormal(new Random(2), 0, 1, 6, 4, 3);
    private static readonly Tensor Start = Tensor.RandomNormal(new Random(3), 0, 3, 4, 4);
    private static readonly Tensor Windows = Tensor.RandomNormal(new Random(3), 0, 1, 4, 10, 3);
    private static readonly Tensor Targets = Tensor.RandomNormal(new Random(4), 0, 1, 4, 3);

    [Fact]
    public void SearchCell_BoundOneStep_IsTanhOfTheUnboundedState()
    {
        var (bounded, unbounded) = (SearchCell(bound: true), SearchCell(bound: false));
        var x = Ops.Slice(Inputs, 0, 0, 1);

        var expected = Ops.Tanh(unbounded.Run(x, Start).Last).ToArray();

        Assert.Equal(expected, bounded.Run(x, Start).Last.ToArray());
    }

    [Fact]
    public void EvaluationCellWithAnEdge_BoundOneStep_IsTanhOfTheUnboundedState()
    {
        var genotype = TibGenotype.Parse("tib:mul|add_id|highway+e(mul,0->2)");
        var (bounded, unbounded) = (new TibCell(genotype, 3, 4, new Random(0), bound: true), new TibCell(genotype, 3, 4, new Random(0)));
        var x = Ops.Slice(Inputs, 0, 0, 1);

        var expected = Ops.Tanh(unbounded.Run(x, Start).Last).ToArray();

        Assert.Equal(expected, bounded.Run(x, Start).Last.ToArray());
        Assert.True(bounded.Bound);
        Assert.False(unbounded.Bound);
    }

    [Fact]
    public void SearchCell_AddIdChainBoundEveryStep_StaysInsideMinusOneOneWhereTheUnboundedStateLeavesIt()
    {
        // add_id (A + z) keeps every unit of the start state, |h_0| up to ~9, and adds the projections to it.
        var path = new[] { new[] { (int)TibOperation.AddId }, new[] { (int)TibOperation.AddId } };
        var (bounded, unbounded) = (SearchCell(bound: true), SearchCell(bound: false));
        bounded.Attach(new FixedChoicePolicy(path));
        unbounded.Attach(new FixedChoicePolicy(path));

        var boundedStates = bounded.Run(Inputs, Start).Outputs.ToArray();
        var unboundedStates = unbounded.Run(Inputs, Start).Outputs.ToArray();

        Assert.All(boundedStates, v => Assert.InRange(Math.Abs(v), 0f, 1f));
        Assert.Contains(unboundedStates, v => Math.Abs(v) > 1f);
    }

    [Fact]
    public void SearchCell_Bound_GradCheckAlphaGammaWeightsAndInputs()
    {
        var cell = new TibSearchCell(2, 3, nodes: 2, capacity: 2, new Random(0), bound: true);
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        cell.Attach(new SoftmaxChoicePolicy(tables));
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 3, 2, 2);
        var hidden = Tensor.RandomNormal(new Random(3), 0, 0.5f, 2, 3);

        var result = GradCheck.Run(_ => cell.Run(x, hidden).Outputs, [tables.Tables[0], tables.Tables[1], cell.Chain[0].Gamma, cell.Chain[1].Weight, cell.Chain[1].Bias, x, hidden]);

        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void GatedEvaluationCellWithAnEdge_Bound_GradCheckWeightsGatesAndInputs()
    {
        var cell = new TibCell(TibGenotype.Parse("tib:mul|add_tanh|highway+e(mul_tanh,0->2)"), 2, 3, new Random(0), gates: true, bound: true);
        cell.EdgeGate(0).Data[0] = 0.7f;
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 3, 2, 2);
        var hidden = Tensor.RandomNormal(new Random(3), 0, 0.5f, 2, 3);

        var result = GradCheck.Run(_ => cell.Run(x, hidden).Outputs, [.. cell.Parameters(), x, hidden]);

        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void SearchCell_BoundFixedPath_EqualsTheBoundDerivedCellWithTheSameWeights()
    {
        // What a search with --tib-bound hands its retraining: the derived cell computes the search cell's h_t.
        var search = new TibSearchCell(3, 4, nodes: 3, capacity: 3, new Random(0), bound: true);
        var path = new[] { new[] { (int)TibOperation.Mul }, new[] { (int)TibOperation.AddId }, new[] { (int)TibOperation.MulTanh } };
        search.Attach(new FixedChoicePolicy(path));
        var derived = new TibCell(search.GenotypeOf(path), 3, 4, new Random(0), gates: true, bound: true);
        derived.LoadStateDict(search.StateDict());

        Assert.Equal(search.Run(Inputs, Start).Outputs.ToArray(), derived.Run(Inputs, Start).Outputs.ToArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(0)]
    public void BoundSearchCell_InsertNodeAnywhere_KeepsOutputsAndLossExactlyAndOnlyGammaLearns(int position)
    {
        // Position 2 of a 2-node chain appends (M1); 0 and 1 insert (M2).
        var (net, cell, tables) = Supernet(bound: true);
        var before = net.Forward(Windows).ToArray();
        var lossBefore = Ops.MseLoss(net.Forward(Windows), Targets).Item();
        Assert.NotEqual(Supernet(bound: false).Net.Forward(Windows).ToArray(), before);

        var node = cell.InsertNode(position);
        var after = net.Forward(Windows);
        var loss = Ops.MseLoss(after, Targets);
        loss.Backward();

        Assert.Equal(before, after.ToArray());
        Assert.Equal(lossBefore, loss.Item());
        Assert.All(node.Weight.Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(tables.Tables[node.Group].Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.NotEqual(0f, node.Gamma.Grad!.Item());
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    public void BoundSearchCell_AddEdge_KeepsOutputsLossAndOldGradientsExactlyAndOnlyItsGateLearns(int from, int to)
    {
        var (reference, _, _) = Supernet(bound: true, nodes: 3);
        var expected = reference.Forward(Windows);
        var expectedLoss = Ops.MseLoss(expected, Targets);
        expectedLoss.Backward();
        var (net, cell, tables) = Supernet(bound: true, nodes: 3);
        Assert.NotEqual(Supernet(bound: false, nodes: 3).Net.Forward(Windows).ToArray(), expected.ToArray());

        var edge = cell.AddEdge(from, to);
        var after = net.Forward(Windows);
        var loss = Ops.MseLoss(after, Targets);
        loss.Backward();

        Assert.Equal(expected.ToArray(), after.ToArray());
        Assert.Equal(expectedLoss.Item(), loss.Item());
        Assert.All(tables.Tables[edge.Group].Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.NotEqual(0f, edge.Gamma.Grad!.Item());
        var grown = net.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor);
        Assert.All(reference.NamedParameters(), p => Assert.Equal(p.Tensor.Grad!.ToArray(), grown[p.Name].Grad!.ToArray()));
    }

    [Fact]
    public void RecurrentCells_BoundDartsRnnGenotype_IsRefusedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => RecurrentCells.Create("darts-rnn:relu~0|tanh~1", 4, 4, new Random(0), tibBound: true));

        Assert.Contains("--tib-bound", error.Message, StringComparison.Ordinal);
        Assert.Contains("darts-rnn:relu~0|tanh~1", error.Message, StringComparison.Ordinal);
    }

    // Two nodes mixing all nine ops (alpha spread 0.5), the supernet's weights drawn from fixed seeds.
    private static TibSearchCell SearchCell(bool bound)
    {
        var cell = new TibSearchCell(3, 4, nodes: 2, capacity: 2, new Random(0), bound: bound);
        cell.Attach(new SoftmaxChoicePolicy(new ChoiceTables(cell.Shapes, new Random(1), 0.5f)));
        return cell;
    }

    // A forecaster around a search cell (room for one more node and two edges), in evaluation mode.
    private static (RecurrentSupernet Net, TibSearchCell Cell, ChoiceTables Tables) Supernet(bool bound, int nodes = 2)
    {
        var cell = new TibSearchCell(3, 4, nodes, capacity: nodes + 1, new Random(0), edgeCapacity: 2, bound: bound);
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(2)), new SoftmaxChoicePolicy(tables));
        net.Eval();
        return (net, cell, tables);
    }
}

using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks.Recurrent;

/// <summary>Edges (M4) in derived tib cells and in the derivation of a search cell.</summary>
public class TibEdgeCellTests
{
    private static readonly Tensor X = Tensor.RandomNormal(new Random(2), 0, 1, 3, 2, 2);
    private static readonly Tensor Hidden = Tensor.RandomNormal(new Random(3), 0, 0.5f, 2, 3);

    [Fact]
    public void PlainCell_WithAnEdge_AddsTheEdgeOpOfItsSourceAndTheTargetsProjection()
    {
        var cell = new TibCell(TibGenotype.Parse("tib:add_tanh|mul_sigmoid+e(mul,0->2)"), 2, 3, new Random(0));
        var (n1, n2) = (cell.Node(0), cell.Node(1));
        var h = Hidden;
        var expected = new List<float>();
        for (var t = 0; t < 3; t++)
        {
            var xh = Ops.Concat([Ops.Reshape(Ops.Slice(X, 0, t, 1), 2, 2), h], 1);
            var (z1, z2) = (Ops.Linear(xh, n1.Weight, n1.Bias), Ops.Linear(xh, n2.Weight, n2.Bias));
            var s1 = Ops.Tanh(Ops.Add(h, z1));
            h = Ops.Add(Ops.Multiply(s1, Ops.Sigmoid(z2)), Ops.Multiply(h, z2));
            expected.AddRange(h.ToArray());
        }

        Assert.Equal(expected, cell.Run(X, Hidden).Outputs.ToArray());
    }

    [Fact]
    public void GatedCellWithEdges_GradCheck_WeightsNodeAndEdgeGatesAndInputs()
    {
        var cell = new TibCell(TibGenotype.Parse("tib:mul_sigmoid|add_tanh|highway+e(mul_tanh,0->2)+e(add_sigmoid,1->3)"), 2, 3, new Random(0), gates: true);
        cell.EdgeGate(0).Data[0] = 0.7f;
        var result = GradCheck.Run(_ => cell.Run(X, Hidden).Outputs, [.. cell.Parameters(), X, Hidden]);
        Assert.True(result.Passed, result.ToString());
        Assert.Contains(cell.EdgeGate(1), cell.Parameters());
    }

    [Fact]
    public void SearchCellWithEdges_FixedPath_EqualsTheGatedDerivedCellWithTheSameWeights()
    {
        var search = new TibSearchCell(2, 3, nodes: 3, capacity: 3, new Random(0), edgeCapacity: 2);
        search.AddEdge(0, 2).Gamma.Data[0] = 0.5f;
        search.AddEdge(1, 3).Gamma.Data[0] = -0.3f;
        var path = Path(TibOperation.MulSigmoid, TibOperation.Highway, TibOperation.AddTanh, TibOperation.Mul, TibOperation.Skip);
        search.Attach(new FixedChoicePolicy(path));
        var genotype = search.GenotypeOf(path);
        Assert.Equal("tib:mul_sigmoid|highway|add_tanh+e(mul,0->2)+e(skip,1->3)", genotype.ToString());

        var derived = new TibCell(genotype, 2, 3, new Random(1), gates: true);
        Assert.Equal(search.StateDict().Keys, derived.StateDict().Keys);
        derived.LoadStateDict(search.StateDict());
        Assert.Equal(search.Run(X, Hidden).Outputs.ToArray(), derived.Run(X, Hidden).Outputs.ToArray());
    }

    [Fact]
    public void Derive_CraftedGatesAndAlphas_KeepsEdgesWhoseGateReachesTheThresholdWithTheirArgmaxOp()
    {
        var cell = new TibSearchCell(3, 4, nodes: 3, capacity: 3, new Random(0), edgeCapacity: 3);
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(1)), new SoftmaxChoicePolicy(new ChoiceTables(cell.Shapes, new Random(2))));
        cell.AddEdge(0, 2).Gamma.Data[0] = 0.2f;
        cell.AddEdge(0, 3).Gamma.Data[0] = 0.049f;
        cell.AddEdge(1, 3).Gamma.Data[0] = -TibSearchCell.MinEdgeGate;
        // Nodes skip | highway | add_tanh; the edges' strongest ops mul_tanh, add_id (its gate too weak), skip.
        var probabilities = new[] { Peaked(TibOperation.Skip), Peaked(TibOperation.Highway), Peaked(TibOperation.AddTanh), Peaked(TibOperation.MulTanh), Peaked(TibOperation.AddId), Peaked(TibOperation.Skip) };

        var path = net.DerivePath(probabilities);
        Assert.Equal("tib:skip|highway|add_tanh+e(mul_tanh,0->2)+e(skip,1->3)", net.Describe(path));
        // Node 1 is a skip that no edge feeds: contracted, and the edge out of it reads h_{t-1}.
        Assert.Equal("tib:highway|add_tanh+e(mul_tanh,0->1)+e(skip,0->2)", cell.DescribeContracted(path));
    }

    [Fact]
    public void EdgeCandidates_AndTryRemove_FollowTheEdgesTheCellHolds()
    {
        var cell = new TibSearchCell(3, 4, nodes: 3, capacity: 3, new Random(0), edgeCapacity: 2);
        Assert.Equal(new[] { (0, 2), (0, 3), (1, 3) }, cell.EdgeCandidates);
        var (group, weights) = cell.GrowEdge(0, 3);
        Assert.Equal(3, group);
        Assert.Same(cell.Edges[0].Gamma, Assert.Single(weights));
        Assert.Same(cell.Edges[0].Gamma, cell.GateTensor(group));
        Assert.Equal(new[] { (0, 2), (1, 3) }, cell.EdgeCandidates);

        Assert.True(cell.TryRemove(group));
        Assert.False(cell.TryRemove(group));
        Assert.Equal(new[] { 0, 1, 2 }, cell.ActiveGroups);
        cell.AddEdge(0, 3);
        Assert.Empty(cell.EdgeCandidates);
    }

    private static int[][] Path(params TibOperation[] ops) => ops.Select(o => new[] { (int)o }).ToArray();

    // A softmax-like row whose strongest op is op.
    private static float[] Peaked(TibOperation op)
    {
        var p = Enumerable.Repeat(0.05f, TibOperations.Count).ToArray();
        p[(int)op] = 0.6f;
        return p;
    }
}

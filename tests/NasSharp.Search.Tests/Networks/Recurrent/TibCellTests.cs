using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks.Recurrent;

public class TibCellTests
{
    [Theory]
    [InlineData(TibOperation.Skip, 0.5)]
    [InlineData(TibOperation.AddTanh, -0.90514825364)]
    [InlineData(TibOperation.AddRelu, 0.0)]
    [InlineData(TibOperation.AddSigmoid, 0.18242552381)]
    [InlineData(TibOperation.AddId, -1.5)]
    [InlineData(TibOperation.Mul, -1.0)]
    [InlineData(TibOperation.MulSigmoid, 0.05960146101)]
    [InlineData(TibOperation.MulTanh, -0.48201379003)]
    [InlineData(TibOperation.Highway, 0.32548363453)]
    public void Apply_OneElement_MatchesTheFormula(TibOperation op, double expected)
    {
        // A = 0.5, z = -2: e.g. highway = A + sigmoid(z) * (tanh(z) - A) = 0.5 + 0.11920292 * (-0.96402758 - 0.5).
        var value = TibOperations.Apply(op, Tensor.FromArray([0.5f], 1, 1), Tensor.FromArray([-2f], 1, 1)).Item();
        Assert.Equal(expected, value, 5);
    }

    [Theory]
    [InlineData(TibOperation.AddTanh)]
    [InlineData(TibOperation.AddRelu)]
    [InlineData(TibOperation.AddSigmoid)]
    [InlineData(TibOperation.AddId)]
    [InlineData(TibOperation.Mul)]
    [InlineData(TibOperation.MulSigmoid)]
    [InlineData(TibOperation.MulTanh)]
    [InlineData(TibOperation.Highway)]
    public void Apply_GradCheck_BothInputs(TibOperation op)
    {
        var a = Tensor.RandomNormal(new Random(1), 0, 1, 3, 5);
        var z = Tensor.RandomNormal(new Random(2), 0, 1, 3, 5);
        for (var i = 0; i < a.Count; i++)
        {
            // Keep relu's argument away from its kink, where finite differences are meaningless.
            a.Data[i] += Math.Abs(a.Data[i] + z.Data[i]) < 0.1f ? 0.3f : 0f;
        }

        var result = GradCheck.Run(t => TibOperations.Apply(op, t[0], t[1]), [a, z]);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void EvaluationCell_GradCheck_WeightsGatesAndInputs()
    {
        var cell = new TibCell(TibGenotype.Parse("tib:mul_sigmoid|add_tanh|highway"), 2, 3, new Random(0), gates: true);
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 3, 2, 2);
        var hidden = Tensor.RandomNormal(new Random(3), 0, 0.5f, 2, 3);
        var result = GradCheck.Run(_ => cell.Run(x, hidden).Outputs, [.. cell.Parameters(), x, hidden]);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void SearchCell_GradCheck_AlphaGammaWeightsAndInputs()
    {
        var cell = new TibSearchCell(2, 3, nodes: 2, capacity: 2, new Random(0));
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        cell.Attach(new SoftmaxChoicePolicy(tables));
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 3, 2, 2);
        var hidden = Tensor.RandomNormal(new Random(3), 0, 0.5f, 2, 3);
        var result = GradCheck.Run(_ => cell.Run(x, hidden).Outputs, [tables.Tables[0], tables.Tables[1], cell.Chain[0].Gamma, cell.Chain[1].Weight, x, hidden]);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void SearchCellWithAnEdge_GradCheck_EdgeAlphaEdgeGateTargetWeightsAndInputs()
    {
        var cell = new TibSearchCell(2, 3, nodes: 2, capacity: 2, new Random(0), edgeCapacity: 1);
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        cell.Attach(new SoftmaxChoicePolicy(tables));
        var edge = cell.AddEdge(0, 2);
        edge.Gamma.Data[0] = 0.6f;
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 3, 2, 2);
        var hidden = Tensor.RandomNormal(new Random(3), 0, 0.5f, 2, 3);
        var result = GradCheck.Run(_ => cell.Run(x, hidden).Outputs, [tables.Tables[edge.Group], edge.Gamma, cell.Chain[1].Weight, tables.Tables[0], x, hidden]);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(new[] { 0, 1, 2 }, cell.ActiveGroups);
        Assert.Equal(new[] { 0, 1 }, cell.NodeGroups);
    }

    [Fact]
    public void SearchCell_FixedPath_EqualsTheDerivedCellWithTheSameWeights()
    {
        var search = new TibSearchCell(2, 3, nodes: 3, capacity: 3, new Random(0));
        var path = new[] { new[] { (int)TibOperation.MulSigmoid }, new[] { (int)TibOperation.Highway }, new[] { (int)TibOperation.AddTanh } };
        search.Attach(new FixedChoicePolicy(path));
        var genotype = search.GenotypeOf(path);
        Assert.Equal("tib:mul_sigmoid|highway|add_tanh", genotype.ToString());
        var derived = new TibCell(genotype, 2, 3, new Random(0), gates: true);
        Assert.Equal(search.StateDict().Keys, derived.StateDict().Keys);
        derived.LoadStateDict(search.StateDict());
        var x = Tensor.RandomNormal(new Random(2), 0, 1, 4, 2, 2);
        Assert.Equal(search.Run(x, null).Outputs.ToArray(), derived.Run(x, null).Outputs.ToArray());
    }

    [Fact]
    public void Supernet_DerivePath_TakesArgmaxPerNodeInChainOrder()
    {
        var cell = new TibSearchCell(3, 3, nodes: 2, capacity: 3, new Random(0));
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(1)), new SoftmaxChoicePolicy(new ChoiceTables(cell.Shapes, new Random(2))));
        cell.InsertNode(0);
        var probabilities = new[] { OneHot(TibOperation.Mul), OneHot(TibOperation.AddTanh), OneHot(TibOperation.Highway) };
        // Group 2 is the inserted node, first in the chain.
        Assert.Equal("tib:highway|mul|add_tanh", net.Describe(net.DerivePath(probabilities)));
        Assert.Equal(new[] { 2, 0, 1 }, cell.ActiveGroups);
    }

    private static float[] OneHot(TibOperation op)
    {
        var p = new float[TibOperations.Count];
        p[(int)op] = 1f;
        return p;
    }
}

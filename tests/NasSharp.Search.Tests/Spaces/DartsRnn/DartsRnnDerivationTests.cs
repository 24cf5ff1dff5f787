using NasSharp.Search.Spaces.DartsRnn;

namespace NasSharp.Search.Tests.Spaces.DartsRnn;

public class DartsRnnDerivationTests
{
    private static readonly int Ops = DartsRnnOperations.Count;

    [Fact]
    public void Derive_ProbabilitiesPeakedOnDartsV2_GivesDartsV2()
    {
        var v2 = DartsRnnGenotype.DartsV2;
        var tables = v2.Nodes.Select((n, i) =>
        {
            var p = Uniform(i + 1, 0.1f);
            p[(n.Predecessor * Ops) + (int)n.Op] = 0.6f;
            return p;
        }).ToArray();
        Assert.Equal(v2, DartsRnnDerivation.Derive(tables));
    }

    [Fact]
    public void Derive_NoneStrongest_IsIgnoredForEdgeAndOp()
    {
        // Node 2: edge 0 has the largest entry overall, but it is 'none'; edge 1's best real op (relu 0.3) beats edge 0's (tanh 0.2).
        var node1 = Uniform(1, 0.2f);
        var node2 = new float[] { 0.9f, 0.2f, 0.1f, 0.1f, 0.1f, 0.5f, 0.1f, 0.3f, 0.2f, 0.2f };
        var genotype = DartsRnnDerivation.Derive([node1, node2]);
        Assert.Equal(new DartsRnnNode(DartsRnnOperation.Relu, 1), genotype.Nodes[1]);
    }

    [Fact]
    public void Derive_Ties_GoToTheLowerEdgeAndOperation()
    {
        // As quark0's _parse: Python's stable sorted keeps the lower predecessor, the strict '>' keeps the lower op.
        var node1 = Uniform(1, 0.2f);
        var node2 = Uniform(2, 0.2f);
        var node3 = new float[] { 0, 0.1f, 0.1f, 0.1f, 0.1f, 0, 0.4f, 0.4f, 0, 0, 0, 0, 0, 0.4f, 0 };
        var genotype = DartsRnnDerivation.Derive([node1, node2, node3]);
        Assert.Equal(new DartsRnnNode(DartsRnnOperation.Tanh, 0), genotype.Nodes[0]);
        Assert.Equal(new DartsRnnNode(DartsRnnOperation.Tanh, 0), genotype.Nodes[1]);
        Assert.Equal(new DartsRnnNode(DartsRnnOperation.Tanh, 1), genotype.Nodes[2]);
    }

    [Fact]
    public void Derive_WrongTableSize_ThrowsNamingTheNode()
    {
        var ex = Assert.Throws<ArgumentException>(() => DartsRnnDerivation.Derive([Uniform(1, 0.2f), Uniform(1, 0.2f)]));
        Assert.Contains("node 2", ex.Message, StringComparison.Ordinal);
    }

    private static float[] Uniform(int edges, float value) => Enumerable.Repeat(value, edges * Ops).ToArray();
}

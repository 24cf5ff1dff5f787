using NasSharp.Search.Growth;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Tests.Growth;

public class GrowthControllerTests
{
    [Fact]
    public void None_NeverGrows()
    {
        var (cell, tables) = Tib(nodes: 3, capacity: 3);
        var controller = new GrowthController(GrowthMode.None, cell, tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 10));
        Assert.All(Enumerable.Range(1, 5), e => Assert.Null(controller.EndEpoch(e, 1.0)));
        Assert.Equal(3, cell.Chain.Count);
    }

    [Fact]
    public void Gtp_ScheduleEveryEpoch_GrowsToMaxThenStops()
    {
        var (cell, tables) = Tib(nodes: 1, capacity: 3);
        var controller = new GrowthController(GrowthMode.Gtp, cell, tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 10));
        var first = controller.EndEpoch(1, 1.0)!;
        Assert.Equal((1, 2, 1), (first.NodesBefore, first.NodesAfter, first.NewGroup!.Value));
        Assert.Equal(3, first.NewWeights.Count);
        Assert.All(controller.OpenMask[1], Assert.True);
        Assert.Equal(3, controller.EndEpoch(2, 0.9)!.NodesAfter);
        Assert.Equal(GrowthStop.MaxNodes, controller.EndEpoch(3, 0.8)!.Stop);
        Assert.Null(controller.EndEpoch(4, 0.7));
        Assert.Equal(3, cell.Chain.Count);
    }

    [Fact]
    public void Igp_GrowthEvent_KeepsTopKBySoftmaxAndContractsASkipDominatedNode()
    {
        var (cell, tables) = Tib(nodes: 2, capacity: 3);
        // Node 0: logits rising with the op index, so the top 6 are ops 3..8. Node 1: skip dominates.
        for (var k = 0; k < TibOperations.Count; k++)
        {
            tables.Tables[0].Data[k] = 0.1f * k;
            tables.Tables[1].Data[k] = k == (int)TibOperation.Skip ? 5f : 0f;
        }

        var controller = new GrowthController(GrowthMode.Igp, cell, tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 10), opSchedule: [6]);
        var ev = controller.EndEpoch(1, 1.0)!;
        Assert.Equal(6, ev.OpenChoices);
        Assert.Equal(Enumerable.Range(3, 6), Enumerable.Range(0, TibOperations.Count).Where(k => controller.OpenMask[0][k]));
        Assert.Equal(new[] { 1 }, ev.ContractedGroups);
        Assert.Equal(new[] { 0, 2 }, cell.ActiveGroups);
        // The new node opens what is still open somewhere (node 0's six ops).
        Assert.Equal(controller.OpenMask[0], controller.OpenMask[2]);
        Assert.Equal(0f, controller.Probabilities()[0][0]);
        Assert.Equal(1f, controller.Probabilities()[0].Sum(), 5);
    }

    [Fact]
    public void Derive_StrongestChoiceClosed_TakesTheBestOpenOne()
    {
        var (cell, tables) = Tib(nodes: 1, capacity: 2);
        for (var k = 0; k < TibOperations.Count; k++)
        {
            tables.Tables[0].Data[k] = 0.1f * k;
        }

        var controller = new GrowthController(GrowthMode.Igp, cell, tables, new ScheduleTrigger(1), new GrowthStoppingRule(2, 10), opSchedule: [2]);
        tables.Tables[0].Data[(int)TibOperation.Highway] = -1f;
        controller.EndEpoch(1, 1.0);
        tables.Tables[0].Data[(int)TibOperation.Highway] = 9f;
        // Highway was closed at the event, so raising its logit later changes nothing.
        Assert.Equal((int)TibOperation.MulTanh, controller.Derive()[0][0]);
    }

    [Fact]
    public void Edge_CraftedGateGradients_IntoTheStrongestNodeFromItsEarliestUnreadStateUntilNoneIsLeft()
    {
        var (cell, tables) = Tib(nodes: 3, capacity: 3, edgeCapacity: 3);
        // dL/dgamma per group: node 1 (state 2) 0.1, node 2 (state 3) -0.5; edge gates 0.
        var controller = new GrowthController(GrowthMode.Gtp, cell, tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 10), morphism: GrowthMorphism.Edge, gateGradients: () => [0.0, 0.1, -0.5, 0, 0, 0]);

        var first = controller.EndEpoch(1, 1.0)!;
        Assert.Equal(new GrowthEdge(0, 3, 3), first.NewEdge);
        Assert.Equal((3, 3, (int?)null), (first.NodesBefore, first.NodesAfter, first.NewGroup));
        Assert.Same(cell.Edges[0].Gamma, Assert.Single(first.NewWeights));
        Assert.All(controller.OpenMask[3], Assert.True);
        Assert.Equal(new GrowthEdge(1, 3, 4), controller.EndEpoch(2, 0.9)!.NewEdge);
        Assert.Equal(new GrowthEdge(0, 2, 5), controller.EndEpoch(3, 0.8)!.NewEdge);
        var last = controller.EndEpoch(4, 0.7)!;
        Assert.Equal(GrowthStop.NoEdgeLeft, last.Stop);
        Assert.Null(last.NewEdge);
        Assert.Equal(3, cell.Edges.Count);
    }

    [Fact]
    public void Edge_GateStillUnderThresholdAfterPatience_RemovesTheEdgeAndStops()
    {
        var (cell, tables) = Tib(nodes: 3, capacity: 3, edgeCapacity: 2);
        var controller = new GrowthController(GrowthMode.Gtp, cell, tables, new ScheduleTrigger(3), new GrowthStoppingRule(3, 10), morphism: GrowthMorphism.Edge, gateGradients: () => new double[5]);
        Assert.Null(controller.EndEpoch(1, 1.0));
        Assert.Null(controller.EndEpoch(2, 1.0));
        var grown = controller.EndEpoch(3, 1.0)!.NewEdge!;
        Assert.Equal(new GrowthEdge(0, 2, 3), grown);
        Assert.Null(controller.EndEpoch(4, 0.5));

        var removed = controller.EndEpoch(5, 0.5)!;
        Assert.Equal(GrowthStop.EdgeNotEarned, removed.Stop);
        Assert.Equal(new[] { grown.Group }, removed.ContractedGroups);
        Assert.Empty(cell.Edges);
    }

    [Fact]
    public void Both_OneEvent_AppendsANodeThenAddsAnEdgeIntoIt()
    {
        var (cell, tables) = Tib(nodes: 1, capacity: 3, edgeCapacity: 2);
        var controller = new GrowthController(GrowthMode.Gtp, cell, tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 10), morphism: GrowthMorphism.Both, gateGradients: () => new double[5]);

        var ev = controller.EndEpoch(1, 1.0)!;
        Assert.Equal((1, 2, 1), (ev.NodesBefore, ev.NodesAfter, ev.NewGroup!.Value));
        Assert.Equal(new GrowthEdge(0, 2, 3), ev.NewEdge);
        Assert.Equal(4, ev.NewWeights.Count);
        Assert.Same(cell.Edges[0].Gamma, ev.NewWeights[^1]);
    }

    [Fact]
    public void IgpEdges_AGateStillWeakAfterAnEpoch_IsRemovedAtTheNextEvent()
    {
        var (cell, tables) = Tib(nodes: 3, capacity: 3, edgeCapacity: 2);
        var controller = new GrowthController(GrowthMode.Igp, cell, tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 10), morphism: GrowthMorphism.Edge, gateGradients: () => new double[5]);
        var first = controller.EndEpoch(1, 1.0)!.NewEdge!;

        var second = controller.EndEpoch(2, 0.9)!;
        Assert.Equal(new[] { first.Group }, second.ContractedGroups);
        Assert.Equal(new GrowthEdge(0, 2, 4), second.NewEdge);
        Assert.Equal(new[] { 0, 1, 2, 4 }, cell.ActiveGroups);
    }

    [Fact]
    public void EdgeMorphism_WithoutGateGradients_IsRefused()
    {
        var (cell, tables) = Tib(nodes: 3, capacity: 3, edgeCapacity: 1);
        var ex = Assert.Throws<ArgumentException>(() => new GrowthController(GrowthMode.Gtp, cell, tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 10), morphism: GrowthMorphism.Edge));
        Assert.Contains("gate gradients", ex.Message, StringComparison.Ordinal);
    }

    private static (TibSearchCell Cell, ChoiceTables Tables) Tib(int nodes, int capacity, int edgeCapacity = 0)
    {
        var cell = new TibSearchCell(2, 3, nodes, capacity, new Random(0), edgeCapacity: edgeCapacity);
        return (cell, new ChoiceTables(cell.Shapes, new Random(1)));
    }
}

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

    private static (TibSearchCell Cell, ChoiceTables Tables) Tib(int nodes, int capacity)
    {
        var cell = new TibSearchCell(2, 3, nodes, capacity, new Random(0));
        return (cell, new ChoiceTables(cell.Shapes, new Random(1)));
    }
}

using NasSharp.Search.Growth;

namespace NasSharp.Search.Tests.Growth;

public class GrowthPolicyTests
{
    [Fact]
    public void ScheduleTrigger_EveryThree_GrowsAtThreeAndSix()
    {
        var trigger = new ScheduleTrigger(ScheduleTrigger.DefaultEvery(20, 1, 6));
        var grown = new List<int>();
        for (var epoch = 1; epoch <= 7; epoch++)
        {
            if (trigger.ShouldGrow(epoch, 1.0))
            {
                trigger.Grown(epoch);
                grown.Add(epoch);
            }
        }

        Assert.Equal(3, trigger.Every);
        Assert.Equal(new[] { 3, 6 }, grown);
    }

    [Fact]
    public void PlateauTrigger_LossStopsImprovingByOnePercent_GrowsThenCoolsDown()
    {
        var trigger = new PlateauTrigger(delta: 0.01, patience: 2, cooldown: 1);
        Assert.False(trigger.ShouldGrow(1, 1.0));
        Assert.False(trigger.ShouldGrow(2, 0.9));
        Assert.False(trigger.ShouldGrow(3, 0.8));
        Assert.True(trigger.ShouldGrow(4, 0.799));
        trigger.Grown(4);
        Assert.False(trigger.ShouldGrow(5, 0.9));
        Assert.False(trigger.ShouldGrow(6, 0.9));
        Assert.True(trigger.ShouldGrow(7, 0.9));
    }

    [Fact]
    public void StoppingRule_EachReason_IsReportedAndKept()
    {
        Assert.Equal(GrowthStop.MaxNodes, new GrowthStoppingRule(4, 20).Check(1, 4, 1.0, 1f, false));
        Assert.Equal(GrowthStop.Budget, new GrowthStoppingRule(4, 3).Check(3, 2, 1.0, 1f, false));

        var weakGamma = new GrowthStoppingRule(6, 20);
        weakGamma.Grown(2, 1.0);
        Assert.Equal(GrowthStop.None, weakGamma.Check(3, 3, 0.5, 0.01f, false));
        Assert.Equal(GrowthStop.NodeNotEarned, weakGamma.Check(4, 3, 0.5, 0.01f, false));
        Assert.Equal(GrowthStop.NodeNotEarned, weakGamma.Check(5, 3, 0.5, 1f, false));

        var skip = new GrowthStoppingRule(6, 20);
        skip.Grown(2, 1.0);
        Assert.Equal(GrowthStop.NodeNotEarned, skip.Check(4, 3, 0.5, 1f, true));

        var flat = new GrowthStoppingRule(6, 20);
        flat.Grown(2, 1.0);
        Assert.Equal(GrowthStop.NoImprovement, flat.Check(4, 3, 0.995, 1f, false));

        var edges = new GrowthStoppingRule(6, 20);
        Assert.Equal(GrowthStop.NoEdgeLeft, edges.Check(1, GrowthStop.NoEdgeLeft, 1.0, 1f, false, GrowthStop.EdgeNotEarned));
        var weakEdge = new GrowthStoppingRule(6, 20);
        weakEdge.Grown(2, 1.0);
        Assert.Equal(GrowthStop.None, weakEdge.Check(3, GrowthStop.None, 0.5, 0.01f, false, GrowthStop.EdgeNotEarned));
        Assert.Equal(GrowthStop.EdgeNotEarned, weakEdge.Check(4, GrowthStop.None, 0.5, 0.01f, false, GrowthStop.EdgeNotEarned));

        var fine = new GrowthStoppingRule(6, 20);
        fine.Grown(2, 1.0);
        Assert.Equal(GrowthStop.None, fine.Check(4, 3, 0.9, 1f, false));
    }
}

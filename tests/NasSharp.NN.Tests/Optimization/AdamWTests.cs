using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class AdamWTests
{
    [Fact]
    public void Step_FirstStep_DecaysParameterThenTakesAdamStep()
    {
        // p (1 - 0.1 * 0.1) - 0.1 sign(g): [0.99 - 0.1, -1.98 - 0.1].
        var p = TestTensors.Param([1f, -2f]);
        TestTensors.SetGradient(p, [0.5f, 0.25f]);
        new AdamW([p], 0.1f, weightDecay: 0.1f).Step();
        TestTensors.Close([0.89f, -2.08f], p.Data);
    }

    [Fact]
    public void Step_TwoSteps_MatchesDecoupledFormulaNotL2()
    {
        var decoupled = AdamTests.TwoSteps(p => new AdamW([p], 0.1f, weightDecay: 0.1f));
        TestTensors.Close([0.8007959f, -2.0650125f], decoupled);
        Assert.NotEqual(AdamTests.TwoSteps(p => new Adam([p], 0.1f, weightDecay: 0.1f))[0], decoupled[0]);
    }
}

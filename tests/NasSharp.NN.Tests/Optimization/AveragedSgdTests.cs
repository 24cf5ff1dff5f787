using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class AveragedSgdTests
{
    [Fact]
    public void SwapAverages_AfterThreeSteps_HoldsTheMeanOfTheIteratesThenTheLastIterateAgain()
    {
        // Hand-computed with lr 0.1 from p0 = [1, -2]: g1 = [0.5, 0.25] -> w1 = [0.95, -2.025];
        // g2 = [-1, 0.5] -> w2 = [1.05, -2.075]; g3 = [2, 0] -> w3 = [0.85, -2.075];
        // mean(w1, w2, w3) = [2.85 / 3, -6.175 / 3] = [0.95, -2.0583333].
        var p = TestTensors.Param([1f, -2f]);
        var asgd = new AveragedSgd([p], 0.1f);
        foreach (var gradient in new[] { new[] { 0.5f, 0.25f }, [-1f, 0.5f], [2f, 0f] })
        {
            TestTensors.SetGradient(p, gradient);
            asgd.Step();
        }

        TestTensors.Close([0.85f, -2.075f], p.Data);
        asgd.SwapAverages();
        TestTensors.Close([0.95f, -2.0583333f], p.Data);
        asgd.SwapAverages();
        TestTensors.Close([0.85f, -2.075f], p.Data);
        Assert.Equal(3, asgd.AveragedSteps(0));
    }

    [Fact]
    public void SwapAverages_ManySteps_AverageEqualsTheMeanOfTheIteratesComputedInDouble()
    {
        var p = TestTensors.Param([0.5f, -1f, 2f]);
        var asgd = new AveragedSgd([p], 0.05f);
        var random = new Random(3);
        var sum = new double[3];
        const int Steps = 200;
        for (var k = 0; k < Steps; k++)
        {
            TestTensors.SetGradient(p, [(float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f]);
            asgd.Step();
            for (var i = 0; i < 3; i++)
            {
                sum[i] += p.Data[i];
            }
        }

        asgd.SwapAverages();
        TestTensors.Close(sum.Select(s => (float)(s / Steps)).ToArray(), p.Data, 1e-5f);
    }

    [Fact]
    public void Step_LearningRateChangedBetweenSteps_EachStepUsesTheRateSetForIt()
    {
        // torch.optim.ASGD would take the second step with the first step's rate (its eta lags by one step).
        var p = TestTensors.Param([1f]);
        var asgd = new AveragedSgd([p], 0.1f);
        TestTensors.SetGradient(p, [1f]);
        asgd.Step();
        asgd.LearningRate = 0.5f;
        TestTensors.SetGradient(p, [1f]);
        asgd.Step();
        TestTensors.Close([0.4f], p.Data);
        asgd.SwapAverages();
        TestTensors.Close([0.65f], p.Data);
    }

    [Fact]
    public void Step_WeightDecay_FoldsIntoTheGradientAsSgd()
    {
        // d = g + 0.01 p = [0.51, 0.23]; p = p - 0.1 d.
        var p = TestTensors.Param([1f, -2f]);
        TestTensors.SetGradient(p, [0.5f, 0.25f]);
        new AveragedSgd([p], 0.1f, weightDecay: 0.01f).Step();
        TestTensors.Close([0.949f, -2.023f], p.Data);
    }

    [Fact]
    public void SwapAverages_ParameterNeverStepped_KeepsItsValues()
    {
        var stepped = TestTensors.Param([1f]);
        var idle = TestTensors.Param([7f, 8f]);
        var asgd = new AveragedSgd([stepped, idle], 0.1f);
        TestTensors.SetGradient(stepped, [1f]);
        asgd.Step();
        asgd.SwapAverages();
        Assert.Equal([7f, 8f], idle.ToArray());
        Assert.Equal(0, asgd.AveragedSteps(1));
    }

    [Fact]
    public void StateDict_RoundTripMidRun_ContinuesBitwise()
    {
        var a = TestTensors.Param([1f, -2f]);
        var first = new AveragedSgd([a], 0.1f);
        float[][] gradients = [[0.5f, 0.25f], [-1f, 0.5f], [2f, 0f], [0.3f, -0.7f], [-0.2f, 0.9f]];
        foreach (var g in gradients[..3])
        {
            TestTensors.SetGradient(a, g);
            first.Step();
        }

        var b = TestTensors.Param(a.ToArray());
        var second = new AveragedSgd([b], 0.1f);
        var saved = first.StateDict();
        Assert.Equal(["0.ax", "0.step"], saved.Keys.Order(StringComparer.Ordinal));
        second.LoadStateDict(saved);
        foreach (var g in gradients[3..])
        {
            TestTensors.SetGradient(a, g);
            first.Step();
            TestTensors.SetGradient(b, g);
            second.Step();
        }

        Assert.Equal(a.ToArray(), b.ToArray());
        first.SwapAverages();
        second.SwapAverages();
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.Equal(5, second.AveragedSteps(0));
    }

    [Fact]
    public void Constructor_NegativeWeightDecay_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AveragedSgd([TestTensors.Param([1f])], 0.1f, weightDecay: -1f));
}

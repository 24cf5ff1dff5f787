using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class AdamTests
{
    internal static float[] TwoSteps(Func<NasSharp.Tensors.Tensor, Optimizer> create)
    {
        var p = TestTensors.Param([1f, -2f]);
        var optimizer = create(p);
        TestTensors.SetGradient(p, [0.5f, 0.25f]);
        optimizer.Step();
        TestTensors.SetGradient(p, [0.1f, -0.2f]);
        optimizer.Step();
        return p.ToArray();
    }

    [Fact]
    public void Step_FirstStep_MovesEachParameterByLearningRateAgainstGradientSign()
    {
        // Bias correction makes the first step m_hat / sqrt(v_hat) = g / |g|.
        var p = TestTensors.Param([1f, -2f]);
        TestTensors.SetGradient(p, [0.5f, -0.25f]);
        new Adam([p], 0.1f).Step();
        TestTensors.Close([0.9f, -1.9f], p.Data);
    }

    [Fact]
    public void Step_TwoSteps_MatchesHandComputedValues()
    {
        // Step 2, element 0: m = 0.055, v = 0.00025975, m_hat = 0.055 / 0.19, v_hat = 0.00025975 / 0.001999.
        TestTensors.Close([0.8196959f, -2.1058125f], TwoSteps(p => new Adam([p], 0.1f)));
    }

    [Fact]
    public void Step_WeightDecay_AddsL2TermToGradient() =>
        TestTensors.Close([0.8136483f, -2.0342404f], TwoSteps(p => new Adam([p], 0.1f, weightDecay: 0.1f)));

    [Fact]
    public void StateDict_HoldsMomentsAndPerParameterStep()
    {
        var p = TestTensors.Param([1f, -2f]);
        var adam = new Adam([p], 0.1f);
        TestTensors.SetGradient(p, [0.5f, 0.25f]);
        adam.Step();
        adam.Step();
        var state = adam.StateDict();
        Assert.Equal(["0.exp_avg", "0.exp_avg_sq", "0.step"], state.Keys.Order());
        Assert.Equal(2f, state["0.step"].Item());
    }

    [Fact]
    public void Constructor_BetaOfOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([TestTensors.Param([1f])], beta1: 1f));
}

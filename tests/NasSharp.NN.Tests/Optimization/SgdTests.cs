using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class SgdTests
{
    private static float[] TwoSteps(float momentum, float weightDecay, bool nesterov)
    {
        var p = TestTensors.Param([1f, -2f]);
        var sgd = new Sgd([p], 0.1f, momentum, weightDecay, nesterov);
        for (var step = 0; step < 2; step++)
        {
            TestTensors.SetGradient(p, [0.5f, 0.25f]);
            sgd.Step();
        }

        return p.ToArray();
    }

    [Fact]
    public void Step_PlainSgd_SubtractsLearningRateTimesGradient()
    {
        var p = TestTensors.Param([1f, -2f]);
        TestTensors.SetGradient(p, [0.5f, 0.25f]);
        new Sgd([p], 0.1f).Step();
        TestTensors.Close([0.95f, -2.025f], p.Data);
    }

    [Fact]
    public void Step_MomentumAndWeightDecay_MatchesPyTorchFormulasOverTwoSteps()
    {
        // Hand-computed: d1 = g + 0.01 p = [0.51, 0.23], b1 = d1, p1 = [0.949, -2.023];
        // d2 = [0.50949, 0.22977], b2 = 0.9 b1 + d2 = [0.96849, 0.43677], p2 = p1 - 0.1 b2.
        TestTensors.Close([0.852151f, -2.066677f], TwoSteps(0.9f, 0.01f, nesterov: false));
    }

    [Fact]
    public void Step_Nesterov_StepsAlongGradientPlusMomentumTimesBuffer()
    {
        // p1 = p0 - 0.1 (d1 + 0.9 d1) = [0.9031, -2.0437]; then b2 = [0.968031, 0.436563],
        // direction d2 + 0.9 b2 = [1.3802589, 0.6224697].
        TestTensors.Close([0.76507411f, -2.10594697f], TwoSteps(0.9f, 0.01f, nesterov: true));
    }

    [Fact]
    public void Step_ParameterWithoutGradient_IsLeftUnchanged()
    {
        var p = TestTensors.Param([1f, 2f]);
        new Sgd([p], 0.1f, momentum: 0.9f).Step();
        Assert.Equal([1f, 2f], p.ToArray());
    }

    [Fact]
    public void Constructor_NesterovWithoutMomentum_Throws() =>
        Assert.Throws<ArgumentException>(() => new Sgd([TestTensors.Param([1f])], 0.1f, nesterov: true));

    [Fact]
    public void StateDict_RoundTrip_ContinuesIdentically()
    {
        var a = TestTensors.Param([1f, -2f]);
        var b = TestTensors.Param([1f, -2f]);
        var first = new Sgd([a], 0.1f, 0.9f);
        TestTensors.SetGradient(a, [0.5f, 0.25f]);
        first.Step();
        b.CopyFrom(a);
        var second = new Sgd([b], 0.1f, 0.9f);
        second.LoadStateDict(first.StateDict());
        Assert.Equal(["0.momentum_buffer"], first.StateDict().Keys);
        TestTensors.SetGradient(a, [0.3f, 0.1f]);
        TestTensors.SetGradient(b, [0.3f, 0.1f]);
        first.Step();
        second.Step();
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void LoadStateDict_UnknownKey_ThrowsNamingKey()
    {
        var sgd = new Sgd([TestTensors.Param([1f])], 0.1f, 0.9f);
        var ex = Assert.Throws<ArgumentException>(() => sgd.LoadStateDict(new Dictionary<string, Tensors.Tensor> { ["5.momentum_buffer"] = Tensors.Tensor.Zeros(1) }));
        Assert.Contains("5.momentum_buffer", ex.Message);
    }

    [Fact]
    public void ZeroGrad_SetToNone_DropsGradientsSoStepSkips()
    {
        var p = TestTensors.Param([1f]);
        var sgd = new Sgd([p], 0.1f);
        TestTensors.SetGradient(p, [1f]);
        sgd.ZeroGrad();
        Assert.Equal(0f, p.Grad!.Data[0]);
        sgd.ZeroGrad(setToNone: true);
        Assert.Null(p.Grad);
    }

    [Fact]
    public void LearningRate_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([TestTensors.Param([1f])], 0.1f).LearningRate = -1f);
}

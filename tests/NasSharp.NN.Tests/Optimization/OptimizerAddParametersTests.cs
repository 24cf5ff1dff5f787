using NasSharp.NN.Optimization;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Optimization;

public class OptimizerAddParametersTests
{
    [Fact]
    public void Adam_AddParametersMidRun_NewGetsFreshStateOldFollowsUnchangedTrajectory()
    {
        var (old, reference) = (Parameter.Filled(1f, 3), Parameter.Filled(1f, 3));
        var adam = new Adam([old], 0.1f, weightDecay: 0.01f);
        var alone = new Adam([reference], 0.1f, weightDecay: 0.01f);
        Step(adam, old, 0.5f);
        Step(alone, reference, 0.5f);

        var added = Parameter.Filled(2f, 2);
        adam.AddParameters([added]);
        Assert.Equal(2, adam.Parameters.Count);
        Assert.DoesNotContain(adam.StateDict().Keys, k => k.StartsWith("1.", StringComparison.Ordinal));
        SetGrad(added, -0.25f);
        Step(adam, old, 0.5f);
        Step(alone, reference, 0.5f);

        Assert.Equal(reference.ToArray(), old.ToArray());
        Assert.Equal(2f, adam.StateDict()["0.step"].Item());
        Assert.Equal(1f, adam.StateDict()["1.step"].Item());
        // A first Adam step moves every element by lr against the gradient's sign (m / sqrt(v) = sign after bias correction), up to epsilon and decay.
        Assert.All(added.ToArray(), v => Assert.InRange(v, 2.09f, 2.11f));
    }

    [Fact]
    public void Sgd_AddParametersMidRun_NewMomentumBufferStartsFromItsFirstGradient()
    {
        var old = Parameter.Filled(0f, 2);
        var sgd = new Sgd([old], 1f, momentum: 0.9f);
        Step(sgd, old, 1f);
        var added = Parameter.Filled(0f, 2);
        sgd.AddParameters([added]);
        SetGrad(added, 1f);
        Step(sgd, old, 1f);
        Assert.Equal(new[] { -1f, -1f }, added.ToArray());
        Assert.All(old.ToArray(), v => Assert.Equal(-2.9, v, 5));
    }

    [Fact]
    public void AddParameters_AlreadyListed_ThrowsNamingTheOptimizer()
    {
        var p = Parameter.Filled(0f, 2);
        var adamw = new AdamW([p], 0.1f);
        var ex = Assert.Throws<ArgumentException>(() => adamw.AddParameters([p]));
        Assert.Contains("AdamW", ex.Message);
    }

    [Fact]
    public void AddParameters_LargerThanAny_StepsWithoutOverrunningScratch()
    {
        var small = Parameter.Filled(1f, 1);
        var adam = new Adam([small], 0.1f, weightDecay: 0.1f);
        var big = Parameter.Filled(1f, 64);
        adam.AddParameters([big]);
        SetGrad(big, 1f);
        Step(adam, small, 1f);
        Assert.All(big.ToArray(), v => Assert.True(v < 1f));
    }

    private static void Step(Optimizer optimizer, Tensor parameter, float gradient)
    {
        SetGrad(parameter, gradient);
        optimizer.Step();
    }

    private static void SetGrad(Tensor parameter, float gradient)
    {
        parameter.ClearGrad();
        Ops.Sum(Ops.Scale(parameter, gradient)).Backward();
    }
}

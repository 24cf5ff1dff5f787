using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class StepDecayTests
{
    [Theory]
    [InlineData(0, 1f)]
    [InlineData(29, 1f)]
    [InlineData(30, 0.1f)]
    [InlineData(65, 0.01f)]
    public void At_EveryThirtySteps_MultipliesByGamma(int step, float expected) =>
        Assert.Equal(expected, new StepDecay(1f, 30, 0.1f).At(step), 6);
}

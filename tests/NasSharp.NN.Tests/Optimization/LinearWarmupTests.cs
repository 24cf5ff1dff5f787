using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class LinearWarmupTests
{
    [Theory]
    [InlineData(0, 0.025f)]
    [InlineData(3, 0.1f)]
    [InlineData(4, 0.1f)]
    [InlineData(14, 0.01f)]
    public void At_FourWarmupStepsBeforeStepDecay_RampsThenDelegatesShifted(int step, float expected) =>
        Assert.Equal(expected, new LinearWarmup(new StepDecay(0.1f, 10, 0.1f), 4).At(step), 6);

    [Fact]
    public void At_ZeroWarmup_IsTheInnerSchedule() =>
        Assert.Equal(new CosineAnnealing(1f, 0f, 10).At(3), new LinearWarmup(new CosineAnnealing(1f, 0f, 10), 0).At(3));
}

using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class CosineAnnealingTests
{
    [Theory]
    [InlineData(0, 0.025f)]
    [InlineData(25, 0.013f)]
    [InlineData(50, 0.001f)]
    [InlineData(80, 0.001f)]
    public void At_DartsSchedule_MatchesCosineFormula(int step, float expected) =>
        Assert.Equal(expected, new CosineAnnealing(0.025f, 0.001f, 50).At(step), 6);

    [Fact]
    public void At_QuarterWay_IsHalfwayPlusHalfCosine()
    {
        var expected = (float)(0.1 * (1 + Math.Cos(Math.PI / 4)) / 2);
        Assert.Equal(expected, new CosineAnnealing(0.1f, 0f, 200).At(50), 6);
    }

    [Fact]
    public void At_NegativeStep_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealing(0.1f, 0f, 10).At(-1));
}

namespace NasSharp.Store.Tests;

public class SvgAxisTests
{
    [Fact]
    public void Fit_NarrowValuesInsideLimits_SpansTheValuesNotTheLimits()
    {
        // DARTS weights after a short search: 0.19-0.21 must not be drawn on a 0-1 axis.
        var axis = SvgAxis.Fit([0.19, 0.2, 0.21], lower: 0, upper: 1);

        Assert.Equal(0.189, axis.Min, 6);
        Assert.Equal(0.211, axis.Max, 6);
    }

    [Fact]
    public void Fit_PaddingBeyondLimits_IsClippedToTheLimits()
    {
        var axis = SvgAxis.Fit([0.0, 0.5, 1.0], lower: 0, upper: 1);

        Assert.Equal((0.0, 1.0), (axis.Min, axis.Max));
    }

    [Fact]
    public void Fit_SingleValue_CentresItInABand()
    {
        var axis = SvgAxis.Fit([80.0]);

        Assert.True(axis.Min < 80 && axis.Max > 80);
        Assert.Equal(0.5, axis.Scale(80), 9);
    }

    [Fact]
    public void Ticks_AreOnAOneTwoFiveStepInsideTheRange()
    {
        var ticks = new SvgAxis(0.188, 0.212).Ticks(5);

        Assert.Equal([0.19, 0.195, 0.2, 0.205, 0.21], ticks.Select(t => Math.Round(t, 6)));
    }

    [Fact]
    public void Ticks_IntegralAxis_NeverFallBetweenWholeNumbers()
    {
        var ticks = new SvgAxis(0, 3).Ticks(6, integral: true);

        Assert.Equal([0.0, 1, 2, 3], ticks);
    }
}

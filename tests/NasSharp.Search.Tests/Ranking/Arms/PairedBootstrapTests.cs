using NasSharp.Search.Ranking;
using NasSharp.Search.Ranking.Arms;

namespace NasSharp.Search.Tests.Ranking.Arms;

public sealed class PairedBootstrapTests
{
    private static readonly double[] Truth = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    private static double[] Reversed => [.. Truth.Select(t => -t)];

    [Fact]
    public void Difference_PerfectAgainstReversed_IsTwoInEveryResample()
    {
        // tau-b of the truth with itself is 1 and with its reverse -1 whatever architectures a resample repeats
        // (tied pairs drop out of both), so every resample's difference is exactly 2.
        var d = PairedBootstrap.Difference(Truth, [Reversed, Reversed], [Truth, Truth], ("good", "bad"), 500, seed: 3);
        Assert.Equal(2, d.KendallTauB, 12);
        Assert.Equal(2, d.KendallTauBLow, 12);
        Assert.Equal(2, d.KendallTauBHigh, 12);
        Assert.Equal(1, d.ProbabilityTauBPositive);
        Assert.Equal(2, d.SpearmanRho, 12);
        Assert.True(d.TauBIntervalExcludesZero);
        Assert.Equal(("good", "bad", 500), (d.Arm, d.Baseline, d.Resamples));
    }

    [Fact]
    public void Difference_SameArm_IsZeroWithAZeroInterval()
    {
        double[] noisy = [2, 1, 3, 5, 4, 6, 8, 7, 10, 9];
        var d = PairedBootstrap.Difference(Truth, [noisy], [noisy], ("a", "b"), 200, seed: 0);
        Assert.Equal((0.0, 0.0, 0.0, 0.0), (d.KendallTauB, d.KendallTauBLow, d.KendallTauBHigh, d.ProbabilityTauBPositive));
        Assert.False(d.TauBIntervalExcludesZero);
    }

    [Fact]
    public void Difference_NoisyArms_ObservedIsMeanOverSeedsAndIntervalBracketsIt()
    {
        double[][] baseline = [[3, 1, 2, 6, 4, 5, 9, 7, 8, 10], [1, 3, 2, 4, 6, 5, 7, 10, 9, 8]];
        double[][] arm = [[1, 2, 4, 3, 5, 6, 8, 7, 9, 10], [2, 1, 3, 4, 5, 7, 6, 8, 10, 9]];
        var d = PairedBootstrap.Difference(Truth, baseline, arm, ("arm", "base"), 2000, seed: 7);
        var expected = ((KendallTau.TauB(Truth, arm[0]) + KendallTau.TauB(Truth, arm[1])) / 2)
            - ((KendallTau.TauB(Truth, baseline[0]) + KendallTau.TauB(Truth, baseline[1])) / 2);
        Assert.Equal(expected, d.KendallTauB, 12);
        Assert.True(d.KendallTauBLow < d.KendallTauB && d.KendallTauB < d.KendallTauBHigh, $"{d.KendallTauBLow} < {d.KendallTauB} < {d.KendallTauBHigh}");
        Assert.InRange(d.ProbabilityTauBPositive, 0.5, 1);

        // The resampling is seeded: the same call gives the same interval, another seed another one.
        Assert.Equal(d, PairedBootstrap.Difference(Truth, baseline, arm, ("arm", "base"), 2000, seed: 7));
        Assert.NotEqual(d.KendallTauBLow, PairedBootstrap.Difference(Truth, baseline, arm, ("arm", "base"), 2000, seed: 8).KendallTauBLow);
    }

    [Fact]
    public void Difference_UnpairedSeeds_IsRefusedNamingBothArms()
    {
        var ex = Assert.Throws<ArgumentException>(() => PairedBootstrap.Difference(Truth, [Truth, Truth], [Truth], ("few", "one"), 200, 0));
        Assert.Contains("few has 1 seeds and one 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Difference_TooFewResamples_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => PairedBootstrap.Difference(Truth, [Truth], [Truth], ("a", "b"), 10, 0));
        Assert.Contains("--resamples must be at least 100, got 10", ex.Message, StringComparison.Ordinal);
    }
}

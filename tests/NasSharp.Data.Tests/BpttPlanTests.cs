namespace NasSharp.Data.Tests;

public class BpttPlanTests
{
    [Fact]
    public void Epoch_Fixed_IsTheWindowsOfBpttWindowsWithScaleOne()
    {
        var matrix = TextCorpus.Batchify(Enumerable.Range(0, 4 * 103).ToArray(), 4);
        var plan = BpttPlan.Epoch(matrix.Steps, 10, BpttLengthRule.Fixed, seed: 1, epoch: 3);
        var windows = TextCorpus.BpttWindows(matrix, 10).ToList();

        Assert.Equal(windows.Select(w => (w.Start, w.Length)), plan.Select(s => (s.Start, s.Length)));
        Assert.All(plan, s => Assert.Equal(1.0, s.LearningRateScale));
    }

    [Fact]
    public void Epoch_DartsSearch_DrawsBpttOrItsHalfAboutOneInTwentyAndCoversTheRowsInOrder()
    {
        var plan = BpttPlan.Epoch(100_001, 35, BpttLengthRule.DartsSearch, seed: 3, epoch: 0);
        var drawn = plan.Select(s => (int)Math.Round(s.LearningRateScale * 35)).ToList();

        Assert.All(drawn, d => Assert.True(d is 35 or 17, $"length {d}"));
        var halves = drawn.Count(d => d == 17);
        Assert.InRange(halves, 100, 190); // ~2,860 windows, 5 %: 143 +- 12
        AssertContiguous(plan, drawn, 100_001);
    }

    [Fact]
    public void Epoch_DartsRetrain_JittersWithinFiveAndBpttPlus20AroundTheDrawnCentre()
    {
        var plan = BpttPlan.Epoch(100_001, 35, BpttLengthRule.DartsRetrain, seed: 3, epoch: 0);
        var drawn = plan.Select(s => (int)Math.Round(s.LearningRateScale * 35)).ToList();

        Assert.All(drawn, d => Assert.InRange(d, 5, 55));
        // E[int(N(35, 5))] = 34.5 (truncation), E[int(N(17.5, 5))] = 17.0: mean 0.95 x 34.5 + 0.05 x 17 = 33.6 (sd of the mean ~0.12).
        Assert.InRange(drawn.Average(), 33.1, 34.1);
        Assert.Contains(drawn, d => d > 40);
        Assert.Contains(drawn, d => d < 15);
        AssertContiguous(plan, drawn, 100_001);
    }

    [Fact]
    public void Epoch_SameSeedAndEpoch_SameWindows_OtherEpochOrSeed_Others()
    {
        static List<BpttSpan> Plan(int seed, int epoch) => [.. BpttPlan.Epoch(5_000, 35, BpttLengthRule.DartsRetrain, seed, epoch)];

        Assert.Equal(Plan(1, 2), Plan(1, 2));
        Assert.NotEqual(Plan(1, 2), Plan(1, 3));
        Assert.NotEqual(Plan(1, 2), Plan(2, 2));
    }

    [Theory]
    [InlineData(BpttLengthRule.DartsSearch)]
    [InlineData(BpttLengthRule.DartsRetrain)]
    public void DrawLength_BpttOne_IsAtLeastOne(BpttLengthRule rule)
    {
        var random = new Random(0);
        Assert.All(Enumerable.Range(0, 200).Select(_ => BpttPlan.DrawLength(1, rule, random)), d => Assert.True(d >= 1));
    }

    [Fact]
    public void Epoch_TooFewRows_Throws() =>
        Assert.Throws<ArgumentException>(() => BpttPlan.Epoch(1, 35, BpttLengthRule.Fixed, 0, 0));

    // Each window starts where the previous one's drawn length ended; only the last is clipped, to the last input row.
    private static void AssertContiguous(IReadOnlyList<BpttSpan> plan, List<int> drawn, int steps)
    {
        Assert.Equal(0, plan[0].Start);
        for (var i = 1; i < plan.Count; i++)
        {
            Assert.Equal(plan[i - 1].Start + drawn[i - 1], plan[i].Start);
        }

        Assert.All(plan.Take(plan.Count - 1).Zip(drawn), p => Assert.Equal(p.Second, p.First.Length));
        Assert.Equal(steps - 1, plan[^1].Start + plan[^1].Length);
    }
}

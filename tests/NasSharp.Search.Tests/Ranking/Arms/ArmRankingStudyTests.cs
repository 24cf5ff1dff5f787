using NasSharp.Search.Ranking;
using NasSharp.Search.Ranking.Arms;

namespace NasSharp.Search.Tests.Ranking.Arms;

public sealed class ArmRankingStudyTests
{
    private static readonly string[] Architectures = ["a", "b", "c", "d", "e", "f"];

    private static Scoring Of(string source, params double[] scores) =>
        new(source, "score", Architectures.Zip(scores, KeyValuePair.Create));

    [Fact]
    public void Compute_TwoTruthRuns_TruthIsTheirMeanAndCeilingTheirAgreement()
    {
        var run0 = Of("gt0", 1, 2, 3, 4, 5, 6);
        var run1 = Of("gt1", 2, 1, 3, 4, 6, 5);
        var arm = new RankingArm("perfect", [Of("p0", 1.5, 1.5, 3, 4, 5.5, 5.5)]);
        var report = ArmRankingStudy.Compute([run0, run1], [arm], null, 2, 200, 0, [], null);

        Assert.Equal(6, report.Architectures);
        Assert.Equal(KendallTau.TauB([1, 2, 3, 4, 5, 6], [2, 1, 3, 4, 6, 5]), report.TruthCeiling!.Value, 12);
        // The arm equals the mean of the runs exactly, so it ranks the truth perfectly.
        Assert.Equal(1, report.Seeds.Single().KendallTauB, 12);
        Assert.Equal(2, report.Seeds.Single().TopKCommon);
        Assert.Empty(report.Differences);
    }

    [Fact]
    public void Compute_ArmsSummariseSeedsAndDifferFromTheBaseline()
    {
        var truth = Of("gt", 1, 2, 3, 4, 5, 6);
        var one = new RankingArm("oneshot", [Of("o0", 6, 5, 4, 3, 2, 1), Of("o1", 1, 3, 2, 5, 4, 6)]);
        var few = new RankingArm("fewshot", [Of("f0", 1, 2, 3, 4, 6, 5), Of("f1", 1, 2, 3, 4, 5, 6)]);
        var report = ArmRankingStudy.Compute([truth], [one, few], "oneshot", 3, 300, 1, [], null);

        var o = report.Arms.Single(a => a.Arm == "oneshot");
        var taus = report.Seeds.Where(s => s.Arm == "oneshot").Select(s => s.KendallTauB).ToArray();
        Assert.Equal(taus.Average(), o.KendallTauBMean, 12);
        Assert.Equal(Math.Abs(taus[0] - taus[1]) / Math.Sqrt(2), o.KendallTauBStandardDeviation, 12);
        var d = report.Differences.Single();
        Assert.Equal(("fewshot", "oneshot"), (d.Arm, d.Baseline));
        Assert.Equal(report.Arms.Single(a => a.Arm == "fewshot").KendallTauBMean - o.KendallTauBMean, d.KendallTauB, 12);
        Assert.Null(report.TruthCeiling);
    }

    [Fact]
    public void Compute_Picks_ArePlacedAmongTheSample()
    {
        var truth = Of("gt", 70, 71, 72, 73, 74, 75);
        var pickTruth = new Scoring("picks", "score", [KeyValuePair.Create("best", 80.0), KeyValuePair.Create("mid", 72.5)]);
        var arm = new RankingArm("fewshot", [Of("f0", 1, 2, 3, 4, 5, 6)]);
        var report = ArmRankingStudy.Compute([truth], [arm], null, 1, 100, 0, [("fewshot", ["best", "mid", "c"])], pickTruth);

        Assert.Equal([1, 4, 4], report.Picks.Select(p => p.Rank));
        Assert.Equal([100, 50, 100.0 * 2 / 6], report.Picks.Select(p => p.Percentile));
        Assert.All(report.Picks, p => Assert.Equal(6, p.SampleSize));
        Assert.Equal(72.0, report.Picks[2].Truth); // a pick from the sample takes its truth from the sample
    }

    [Fact]
    public void Compute_PicksWithoutTheirTruth_AreRefused()
    {
        var truth = Of("gt", 1, 2, 3, 4, 5, 6);
        var arm = new RankingArm("a", [truth]);
        var ex = Assert.Throws<ArgumentException>(() => ArmRankingStudy.Compute([truth], [arm], null, 1, 100, 0, [("a", ["zzz"])], new Scoring("p", "score", [])));
        Assert.Contains("pick zzz of arm a has no truth score", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_UnknownBaselineOrDuplicateArms_AreRefusedNamingThem()
    {
        var truth = Of("gt", 1, 2, 3, 4, 5, 6);
        var arm = new RankingArm("a", [truth]);
        Assert.Contains("--baseline z is not an arm (arms: a)", Assert.Throws<ArgumentException>(() => ArmRankingStudy.Compute([truth], [arm], "z", 1, 100, 0, [], null)).Message, StringComparison.Ordinal);
        Assert.Contains("arm names must differ: a, a", Assert.Throws<ArgumentException>(() => ArmRankingStudy.Compute([truth], [arm, arm], null, 1, 100, 0, [], null)).Message, StringComparison.Ordinal);
        Assert.Contains("--top-k 7 is outside 1..6", Assert.Throws<ArgumentException>(() => ArmRankingStudy.Compute([truth], [arm], null, 7, 100, 0, [], null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeanScoring_KeepsArchitecturesEveryRunScored()
    {
        var mean = MeanScoring.Of([Of("x", 1, 2, 3, 4, 5, 6), new Scoring("y", "score", [KeyValuePair.Create("b", 4.0), KeyValuePair.Create("a", 3.0)])]);
        Assert.Equal(["a", "b"], mean.Architectures);
        Assert.Equal((2.0, 3.0), (mean["a"], mean["b"]));
    }
}

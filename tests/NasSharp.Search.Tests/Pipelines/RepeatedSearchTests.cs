using NasSharp.Search.Evaluation;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Strategies;

namespace NasSharp.Search.Tests.Pipelines;

public sealed class RepeatedSearchTests
{
    private static readonly int[] Choices = [5, 5, 5, 5, 5, 5];

    private static RepeatedSearchSettings Settings(StrategyKind strategy, int inFlight = 1) => new(strategy, new StrategySettings(), SearchBudget.Queries(30), Repeats: 3, Seed: 7, InFlight: inFlight);

    private static (IReadOnlyList<SearchResult<int>> Results, List<RepeatedSearchTrial<int>> Trials, int Evaluations) Run(StrategyKind strategy, SearchReplay? replay = null, int inFlight = 1)
    {
        var space = new ToySpace(Choices);
        var trials = new List<RepeatedSearchTrial<int>>();
        var results = new RepeatedSearch<int>(space, space, Settings(strategy, inFlight)).Run(new SearchRecorder<int>(trials.Add), replay);
        return (results, trials, space.Evaluations);
    }

    // What an interrupted run left: every trial of the first repeats and a prefix of the next.
    private static SearchReplay Prefix(List<RepeatedSearchTrial<int>> trials, int count) => new(trials.Take(count)
        .GroupBy(t => t.Repeat)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<RecordedEvaluation>)g.Select(t => new RecordedEvaluation(t.Trial.Genotype.ToString(), t.Trial.Result)).ToList()));

    [Theory]
    [InlineData(StrategyKind.Rea, 1)]
    [InlineData(StrategyKind.Rea, 45)]
    [InlineData(StrategyKind.Reinforce, 31)]
    [InlineData(StrategyKind.Tpe, 60)]
    [InlineData(StrategyKind.Ls, 17)]
    public void Run_ReplayOfAnInterruptedRun_EndsWithTheUninterruptedResultsEvaluatingOnlyTheRest(StrategyKind strategy, int finished)
    {
        var whole = Run(strategy);
        var resumed = Run(strategy, Prefix(whole.Trials, finished));

        Assert.Equal(whole.Trials.Select(t => (t.Repeat, t.Trial)), resumed.Trials.Select(t => (t.Repeat, t.Trial)));
        Assert.Equal(whole.Results.Select(r => (r.Best, r.BestResult, r.Queries)), resumed.Results.Select(r => (r.Best, r.BestResult, r.Queries)));
        Assert.Equal(Enumerable.Range(0, whole.Trials.Count).Select(i => i < finished), resumed.Trials.Select(t => t.Replayed));
        Assert.Equal(whole.Evaluations - finished, resumed.Evaluations);
    }

    [Theory]
    [InlineData(StrategyKind.Rea, 3, 1)]
    [InlineData(StrategyKind.Rea, 3, 44)]
    [InlineData(StrategyKind.Rea, 12, 29)]
    [InlineData(StrategyKind.Random, 4, 31)]
    public void Run_SeveralInFlightReplayOfAnInterruptedRun_EndsWithTheUninterruptedResultsEvaluatingOnlyTheRest(StrategyKind strategy, int inFlight, int finished)
    {
        var whole = Run(strategy, inFlight: inFlight);
        var resumed = Run(strategy, Prefix(whole.Trials, finished), inFlight);

        Assert.Equal(whole.Trials.Select(t => (t.Repeat, t.Trial)), resumed.Trials.Select(t => (t.Repeat, t.Trial)));
        Assert.Equal(whole.Results.Select(r => (r.Best, r.BestResult, r.Queries)), resumed.Results.Select(r => (r.Best, r.BestResult, r.Queries)));
        Assert.Equal(Enumerable.Range(0, whole.Trials.Count).Select(i => i < finished), resumed.Trials.Select(t => t.Replayed));
        Assert.Equal(whole.Evaluations - finished, resumed.Evaluations);
    }

    [Fact]
    public void Run_ReaWithThreeInFlight_AsksOtherGenotypesThanWithOne()
    {
        // REA's first children are mutations of a population that lags the asks: the setting reaches the loop.
        var one = Run(StrategyKind.Rea).Trials.Select(t => t.Trial.Genotype);
        var three = Run(StrategyKind.Rea, inFlight: 3).Trials.Select(t => t.Trial.Genotype);
        Assert.NotEqual(one, three);
    }

    [Fact]
    public void Run_SeveralInFlightWithAStrategyThatTellsFirst_Refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Run(StrategyKind.Tpe, inFlight: 2));
        Assert.Contains("tells each result before its next ask", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RecordedGenotypeDiffersFromTheAsked_StopsNamingTheTrialAndBothGenotypes()
    {
        var whole = Run(StrategyKind.Rea);
        var recorded = whole.Trials.Take(5).Select(t => new RecordedEvaluation(t.Trial.Genotype.ToString(), t.Trial.Result)).ToList();
        recorded[3] = recorded[3] with { Genotype = "12345" };
        var ex = Assert.Throws<InvalidOperationException>(() => Run(StrategyKind.Rea, new SearchReplay(new Dictionary<int, IReadOnlyList<RecordedEvaluation>> { [0] = recorded })));
        Assert.Equal($"cannot resume: repeat 1 trial 4 asked {whole.Trials[3].Trial.Genotype} but the store recorded 12345; the saved options or the code differ from the interrupted run", ex.Message);
    }

    [Fact]
    public void Run_MoreRecordedTrialsThanTheBudget_StopsSayingTheBudgetDiffers()
    {
        var whole = Run(StrategyKind.Random);
        var recorded = whole.Trials.Where(t => t.Repeat == 0).Select(t => new RecordedEvaluation(t.Trial.Genotype.ToString(), t.Trial.Result)).ToList();
        var space = new ToySpace(Choices);
        var fewer = Settings(StrategyKind.Random) with { Budget = SearchBudget.Queries(10) };
        var ex = Assert.Throws<InvalidOperationException>(() => new RepeatedSearch<int>(space, space, fewer).Run(null, new SearchReplay(new Dictionary<int, IReadOnlyList<RecordedEvaluation>> { [0] = recorded })));
        Assert.Contains("ended after 10 trials but the store recorded 30", ex.Message);
    }

    [Fact]
    public void Run_FailedTrialReplayed_IsToldTheWorstScoreAgain()
    {
        var whole = Run(StrategyKind.Rea);
        var recorded = whole.Trials.Where(t => t.Repeat == 0).Take(4).Select(t => new RecordedEvaluation(t.Trial.Genotype.ToString(), t.Trial.Result)).ToList();
        recorded[2] = recorded[2] with { Result = EvaluationResult.FailedWith("diverged") };
        var resumed = Run(StrategyKind.Rea, new SearchReplay(new Dictionary<int, IReadOnlyList<RecordedEvaluation>> { [0] = recorded }));
        var third = resumed.Trials[2].Trial;
        Assert.Equal("diverged", third.Result.Failure);
        Assert.Equal(double.NegativeInfinity, third.Result.Score);
    }

    [Fact]
    public void Summary_ThreeRepeats_MeanStdAndTheEarliestBestRepeat()
    {
        var whole = Run(StrategyKind.Random);
        var d = new RepeatedSearchDescription("toy", "none", "score", "report", Settings(StrategyKind.Random));
        var s = RepeatedSearchSummary.Of(d, whole.Results, 1.23456, "dir");
        var scores = whole.Results.Select(r => r.BestResult.Score).ToArray();
        Assert.Equal(scores.Average(), s.SearchMean, 12);
        Assert.Equal("random", s.Strategy);
        Assert.Equal(scores.Max(), s.BestSearch);
        Assert.Equal(whole.Results.First(r => r.BestResult.Score == scores.Max()).Best.ToString(), s.BestGenotype);
        Assert.Equal(-scores.Average(), s.ReportMean!.Value, 12);
        Assert.Equal(1.2346, s.SearchSeconds);
    }
}

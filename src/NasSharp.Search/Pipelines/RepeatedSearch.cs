using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;
using NasSharp.Search.Strategies;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// Repeated discrete search over any space with any evaluator (a table, a supernet, stand-alone training): repeat r runs a
/// fresh strategy seeded by <see cref="RepeatedSearchSettings.SeedOf"/> in a <see cref="SearchLoop{TGenotype}"/>, as the
/// NB201 paper reports each algorithm as the mean over many runs. Recorders see every trial in order. Given a
/// <see cref="SearchReplay"/> of an interrupted run, each repeat first replays its recorded trials (asked again, told the
/// recorded result), so the run ends with exactly the results of an uninterrupted one.
/// <para>
/// With <see cref="RepeatedSearchSettings.InFlight"/> above 1, each repeat runs in an
/// <see cref="AsynchronousSearchLoop{TGenotype}"/>: an evaluator that implements <see cref="IAsynchronousEvaluator{TGenotype}"/>
/// (units for remote workers) keeps that many evaluations pending; any other is evaluated at ask time
/// (<see cref="ImmediateEvaluator{TGenotype}"/>), which simulates the asynchronous search. Replay works the same way:
/// trials are recorded in ask order.
/// </para>
/// </summary>
public sealed class RepeatedSearch<TGenotype>
    where TGenotype : notnull
{
    private readonly ISearchSpace<TGenotype> space;
    private readonly IEvaluator<TGenotype> evaluator;
    private readonly RepeatedSearchSettings settings;

    public RepeatedSearch(ISearchSpace<TGenotype> space, IEvaluator<TGenotype> evaluator, RepeatedSearchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Repeats <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Repeats, $"repeats must be positive, got {settings.Repeats}");
        }

        if (settings.InFlight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.InFlight, $"evaluations in flight must be positive, got {settings.InFlight}");
        }

        this.space = space;
        this.evaluator = evaluator;
        this.settings = settings;
    }

    /// <summary>Runs every repeat; returns their results in repeat order.</summary>
    public IReadOnlyList<SearchResult<TGenotype>> Run(ISearchRecorder<TGenotype>? recorder = null, SearchReplay? replay = null)
    {
        replay ??= SearchReplay.None;
        var results = new List<SearchResult<TGenotype>>(settings.Repeats);
        for (var r = 0; r < settings.Repeats; r++)
        {
            results.Add(RunRepeat(r, recorder, replay.For(r)));
        }

        return results;
    }

    private SearchResult<TGenotype> RunRepeat(int repeat, ISearchRecorder<TGenotype>? recorder, IReadOnlyList<RecordedEvaluation> recorded)
    {
        var seed = settings.SeedOf(repeat);
        var strategy = StrategyRegistry.Create(settings.Strategy, space, settings.Strategies, seed);
        var replaying = new ReplayingEvaluator<TGenotype>(evaluator, recorded, repeat);
        // Trial n answers the n-th ask in both loops, so the first recorded.Count trials are the replayed ones.
        void Record(SearchTrial<TGenotype> t) => recorder?.TrialFinished(new RepeatedSearchTrial<TGenotype>(repeat, seed, t, t.Number <= recorded.Count));
        var result = settings.InFlight == 1
            ? new SearchLoop<TGenotype>(strategy, replaying, settings.Budget, Record).Run()
            : new AsynchronousSearchLoop<TGenotype>(strategy, replaying, settings.Budget, settings.InFlight, Record).RunAsync().GetAwaiter().GetResult();
        if (replaying.Queries < recorded.Count)
        {
            throw new InvalidOperationException($"cannot resume: repeat {repeat + 1} ended after {replaying.Queries} trials but the store recorded {recorded.Count}; the saved budget differs from the interrupted run");
        }

        recorder?.RepeatFinished(repeat, seed, result);
        return result;
    }
}

using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// <c>--evaluator train --workers external</c>: each trial becomes a <c>groundtruth</c> unit in the search's study (the
/// same stand-alone training recipe and seed as in-process, so the result is the same), run by whichever
/// <c>nas worker</c> leases it. The unit is enqueued when the strategy asks (<see cref="EvaluateAsync"/>), so with
/// <c>--in-flight K</c> up to K units wait or run at once; every pending unit is checked by one query of the study's
/// trials per poll, shared by all waiters. Results are cached per genotype, as in-process: a genotype asked again,
/// pending or done, shares its unit. A resumed search finds the units its interrupted run had enqueued (queued, running
/// or done) instead of training them again.
/// </summary>
internal sealed class ExternalTrainingEvaluator : IEvaluator<Nb201Genotype>, IAsynchronousEvaluator<Nb201Genotype>, IDisposable
{
    private readonly IExperimentStore store;
    private readonly long studyId;
    private readonly string payload;
    private readonly TimeSpan pollInterval;
    private readonly Dictionary<Nb201Genotype, Task<EvaluationResult>> cache = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private Dictionary<string, long>? enqueued;
    private Task<IReadOnlyDictionary<long, TrialRecord>>? poll;
    private long lastPollMilliseconds = long.MinValue / 2;

    public ExternalTrainingEvaluator(IExperimentStore store, long studyId, GroundTruthUnit unit, TimeSpan pollInterval)
    {
        this.store = store;
        this.studyId = studyId;
        payload = unit.ToJson();
        this.pollInterval = pollInterval;
    }

    public EvaluationResult Evaluate(Nb201Genotype genotype) => EvaluateAsync(genotype, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Enqueues the genotype's unit now (unless it has one) and completes when a worker has finished it.</summary>
    public Task<EvaluationResult> EvaluateAsync(Nb201Genotype genotype, CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue(genotype, out var result))
        {
            result = WaitAsync(UnitOf(genotype.ToString()), stopping.Token);
            cache.Add(genotype, result);
        }

        return result.WaitAsync(cancellationToken);
    }

    /// <summary>Stops polling for units still pending.</summary>
    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    // The unit of this genotype and recipe: the one an interrupted run enqueued (read once), else a new one.
    private long UnitOf(string genotype)
    {
        enqueued ??= store.Trials(studyId)
            .Where(t => t.Kind == GroundTruthUnit.Kind && t.PayloadJson == payload && t.State != TrialState.Failed)
            .GroupBy(t => t.Genotype)
            .ToDictionary(g => g.Key, g => g.First().Id);
        if (!enqueued.TryGetValue(genotype, out var id))
        {
            id = store.Enqueue(studyId, [new UnitSpec(GroundTruthUnit.Kind, genotype, payload)])[0];
            enqueued.Add(genotype, id);
        }

        return id;
    }

    private async Task<EvaluationResult> WaitAsync(long trialId, CancellationToken cancellationToken)
    {
        Task<IReadOnlyDictionary<long, TrialRecord>>? seen = null;
        while (true)
        {
            seen = NextPoll(seen);
            var trials = await seen.WaitAsync(cancellationToken).ConfigureAwait(false);
            // A poll read before this unit was enqueued does not hold it yet: the next one will.
            switch (trials.GetValueOrDefault(trialId))
            {
                case { State: TrialState.Complete, Result: { } result }:
                    return new EvaluationResult(result.Metrics["valid_accuracy"], result.Metrics["test_accuracy"]);
                case { State: TrialState.Failed } failed:
                    return EvaluationResult.FailedWith(failed.Error ?? "the worker reported a failure");
            }
        }
    }

    // The poll after the one a waiter has already read: the pending one if another waiter started it, else a new one,
    // at least a poll interval after the last. One query answers every waiter.
    private Task<IReadOnlyDictionary<long, TrialRecord>> NextPoll(Task<IReadOnlyDictionary<long, TrialRecord>>? seen)
    {
        lock (gate)
        {
            if (poll is null || poll == seen)
            {
                var wait = Volatile.Read(ref lastPollMilliseconds) + (long)pollInterval.TotalMilliseconds - Environment.TickCount64;
                poll = PollAsync(TimeSpan.FromMilliseconds(Math.Max(wait, 0)));
            }

            return poll;
        }
    }

    private async Task<IReadOnlyDictionary<long, TrialRecord>> PollAsync(TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, stopping.Token).ConfigureAwait(false);
        }

        var trials = store.Trials(studyId).ToDictionary(t => t.Id);
        Volatile.Write(ref lastPollMilliseconds, Environment.TickCount64);
        return trials;
    }
}

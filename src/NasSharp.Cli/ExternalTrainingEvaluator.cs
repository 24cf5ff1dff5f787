using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// <c>--evaluator train --workers external</c>: each trial becomes a <c>groundtruth</c> unit in the search's study (the
/// same stand-alone training recipe and seed as in-process, so the result is the same), run by whichever
/// <c>nas worker</c> leases it; the search waits for its result. One unit is in flight at a time: the strategies' ask/tell
/// contract tells each answer before the next ask. Scores are cached per genotype, as in-process.
/// </summary>
internal sealed class ExternalTrainingEvaluator(IExperimentStore store, long studyId, GroundTruthUnit unit, TimeSpan pollInterval) : IEvaluator<Nb201Genotype>
{
    private readonly Dictionary<Nb201Genotype, EvaluationResult> cache = [];
    private readonly string payload = unit.ToJson();

    public EvaluationResult Evaluate(Nb201Genotype genotype)
    {
        if (!cache.TryGetValue(genotype, out var result))
        {
            result = Wait(Pending(genotype.ToString()) ?? store.Enqueue(studyId, [new UnitSpec(GroundTruthUnit.Kind, genotype.ToString(), payload)])[0]);
            cache.Add(genotype, result);
        }

        return result;
    }

    // A resumed search finds the unit its interrupted run had enqueued (queued, running or done) instead of training it again.
    private long? Pending(string genotype) => store.Trials(studyId)
        .FirstOrDefault(t => t.Kind == GroundTruthUnit.Kind && t.Genotype == genotype && t.PayloadJson == payload && t.State != TrialState.Failed)?.Id;

    private EvaluationResult Wait(long trialId)
    {
        while (true)
        {
            var trial = store.Trials(studyId).Single(t => t.Id == trialId);
            switch (trial.State)
            {
                case TrialState.Complete:
                    return new EvaluationResult(trial.Result!.Metrics["valid_accuracy"], trial.Result.Metrics["test_accuracy"]);
                case TrialState.Failed:
                    return EvaluationResult.FailedWith(trial.Error ?? "the worker reported a failure");
                default:
                    Thread.Sleep(pollInterval);
                    break;
            }
        }
    }
}

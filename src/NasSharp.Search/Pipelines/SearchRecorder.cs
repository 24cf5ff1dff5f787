using NasSharp.Search.Strategies;

namespace NasSharp.Search.Pipelines;

/// <summary>A recorder made of two callbacks, for callers that only write a row per trial or per repeat.</summary>
public sealed class SearchRecorder<TGenotype>(Action<RepeatedSearchTrial<TGenotype>>? onTrial, Action<int, int, SearchResult<TGenotype>>? onRepeat = null) : ISearchRecorder<TGenotype>
{
    public void TrialFinished(RepeatedSearchTrial<TGenotype> trial) => onTrial?.Invoke(trial);

    public void RepeatFinished(int repeat, int seed, SearchResult<TGenotype> result) => onRepeat?.Invoke(repeat, seed, result);
}

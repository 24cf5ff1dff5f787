using NasSharp.Search.Strategies;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// Receives a repeated search as it runs, in order: every trial, then the end of its repeat. Recorders write files,
/// store rows and progress lines; the search itself never does.
/// </summary>
public interface ISearchRecorder<TGenotype>
{
    /// <summary>A trial finished (or was replayed).</summary>
    void TrialFinished(RepeatedSearchTrial<TGenotype> trial);

    /// <summary>Repeat <paramref name="repeat"/> (0-based, seed <paramref name="seed"/>) ended with <paramref name="result"/>.</summary>
    void RepeatFinished(int repeat, int seed, SearchResult<TGenotype> result);
}

namespace NasSharp.Search.Ranking;

/// <summary>
/// Somewhere a <see cref="Scoring"/> comes from. Today a CSV or JSON file (<see cref="ScoringFile"/>); a
/// supernet evaluated over a table's architectures implements the same contract, receiving the
/// architectures to score when it is constructed, so <c>nas rank</c> compares any two sources alike.
/// </summary>
public interface IScoringSource
{
    /// <summary>Human-readable origin for reports and error messages (a path, a directory).</summary>
    string Description { get; }

    /// <summary>Reads or computes the scores.</summary>
    /// <exception cref="IOException">The source cannot be read.</exception>
    /// <exception cref="InvalidDataException">The content is malformed or names an architecture twice.</exception>
    /// <exception cref="FormatException">A score is not a number.</exception>
    Scoring Load();
}

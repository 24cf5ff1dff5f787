namespace NasSharp.Search.Ranking;

/// <summary>
/// Scores of architectures, keyed by the architecture's text form. The key is opaque: two scorings are
/// joined on exact (ordinal) string equality, never parsed, so any space's genotype strings work (for
/// NAS-Bench-201, <c>|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|...|</c>).
/// </summary>
public sealed class Scoring
{
    private readonly Dictionary<string, double> scores = new(StringComparer.Ordinal);
    private readonly List<string> architectures = [];

    /// <summary>Builds a scoring from (architecture, score) pairs, keeping their order.</summary>
    /// <param name="source">Where the scores come from, used in messages (a file path).</param>
    /// <param name="scoreName">Name of the score column or field, when the source has one.</param>
    /// <param name="entries">The pairs.</param>
    /// <exception cref="InvalidDataException">An architecture appears twice, or a score is NaN or infinite.</exception>
    public Scoring(string source, string? scoreName, IEnumerable<KeyValuePair<string, double>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Source = source;
        ScoreName = scoreName;
        foreach (var (architecture, score) in entries)
        {
            if (!double.IsFinite(score))
            {
                throw new InvalidDataException($"{source}: the score of '{architecture}' is {score}, which cannot be ranked");
            }

            if (!scores.TryAdd(architecture, score))
            {
                throw new InvalidDataException($"{source}: architecture '{architecture}' appears more than once");
            }

            architectures.Add(architecture);
        }
    }

    public string Source { get; }

    public string? ScoreName { get; }

    public int Count => architectures.Count;

    /// <summary>The architectures in source order.</summary>
    public IReadOnlyList<string> Architectures => architectures;

    /// <exception cref="KeyNotFoundException">The architecture is not scored here.</exception>
    public double this[string architecture] => scores[architecture];

    public bool TryGetScore(string architecture, out double score) => scores.TryGetValue(architecture, out score);
}

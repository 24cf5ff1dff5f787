namespace NasSharp.Search.Ranking;

/// <summary>
/// Two scorings joined on the architecture key: the paired scores of the architectures in both, and, so that
/// nothing is dropped silently, the architectures found in only one of them.
/// </summary>
public sealed class ScoringJoin
{
    private ScoringJoin(Scoring a, Scoring b, List<string> matched, double[] scoresA, double[] scoresB, List<string> onlyInA, List<string> onlyInB)
    {
        A = a;
        B = b;
        Architectures = matched;
        ScoresA = scoresA;
        ScoresB = scoresB;
        OnlyInA = onlyInA;
        OnlyInB = onlyInB;
    }

    public Scoring A { get; }

    public Scoring B { get; }

    /// <summary>Architectures scored by both, in the order of <see cref="A"/>.</summary>
    public IReadOnlyList<string> Architectures { get; }

    /// <summary>Scores from <see cref="A"/>, aligned with <see cref="Architectures"/>.</summary>
    public ReadOnlyMemory<double> ScoresA { get; }

    /// <summary>Scores from <see cref="B"/>, aligned with <see cref="Architectures"/>.</summary>
    public ReadOnlyMemory<double> ScoresB { get; }

    public int Matched => Architectures.Count;

    /// <summary>Architectures scored by A but not B, in A's order.</summary>
    public IReadOnlyList<string> OnlyInA { get; }

    /// <summary>Architectures scored by B but not A, in B's order.</summary>
    public IReadOnlyList<string> OnlyInB { get; }

    /// <summary>Pairs the scores of every architecture present in both (exact, ordinal key equality).</summary>
    public static ScoringJoin Join(Scoring a, Scoring b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var matched = new List<string>();
        var scoresA = new List<double>();
        var scoresB = new List<double>();
        var onlyInA = new List<string>();
        foreach (var architecture in a.Architectures)
        {
            if (b.TryGetScore(architecture, out var scoreB))
            {
                matched.Add(architecture);
                scoresA.Add(a[architecture]);
                scoresB.Add(scoreB);
            }
            else
            {
                onlyInA.Add(architecture);
            }
        }

        var onlyInB = b.Architectures.Where(architecture => !a.TryGetScore(architecture, out _)).ToList();
        return new ScoringJoin(a, b, matched, [.. scoresA], [.. scoresB], onlyInA, onlyInB);
    }
}

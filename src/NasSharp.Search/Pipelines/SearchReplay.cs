namespace NasSharp.Search.Pipelines;

/// <summary>
/// The finished trials of an interrupted repeated search, per repeat in trial order. A resumed search asks its seeded
/// strategy as before and, while a repeat has recorded trials left, tells the recorded result instead of evaluating,
/// so the strategy reaches exactly the state it had (strategies are deterministic given their seed and what they are told).
/// </summary>
public sealed class SearchReplay
{
    private readonly IReadOnlyDictionary<int, IReadOnlyList<RecordedEvaluation>> repeats;

    public SearchReplay(IReadOnlyDictionary<int, IReadOnlyList<RecordedEvaluation>> repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        this.repeats = repeats;
    }

    /// <summary>Nothing to replay: a fresh search.</summary>
    public static SearchReplay None { get; } = new(new Dictionary<int, IReadOnlyList<RecordedEvaluation>>());

    /// <summary>How many trials are recorded, over every repeat.</summary>
    public int Count => repeats.Values.Sum(r => r.Count);

    /// <summary>The recorded trials of <paramref name="repeat"/> (0-based), in trial order; empty when none.</summary>
    public IReadOnlyList<RecordedEvaluation> For(int repeat) => repeats.TryGetValue(repeat, out var trials) ? trials : [];
}

namespace NasSharp.Search.Strategies;

/// <summary>
/// When a search stops: after <see cref="MaxQueries"/> evaluations, or before the simulated time of the
/// evaluations would exceed <see cref="MaxSeconds"/>, whichever comes first. At least one is set.
/// </summary>
public sealed record SearchBudget
{
    private SearchBudget(int? maxQueries, double? maxSeconds)
    {
        if (maxQueries is null && maxSeconds is null)
        {
            throw new ArgumentException("SearchBudget: set a query budget, a time budget or both.");
        }

        if (maxQueries is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxQueries), maxQueries, $"budget must be positive, got {maxQueries}");
        }

        if (maxSeconds is { } s && !(s > 0 && double.IsFinite(s)))
        {
            throw new ArgumentOutOfRangeException(nameof(maxSeconds), maxSeconds, $"time budget must be a positive number of seconds, got {maxSeconds}");
        }

        MaxQueries = maxQueries;
        MaxSeconds = maxSeconds;
    }

    /// <summary>Maximum number of evaluations (every query counts, repeated genotypes too), or null.</summary>
    public int? MaxQueries { get; }

    /// <summary>Maximum simulated seconds of evaluation, or null.</summary>
    public double? MaxSeconds { get; }

    /// <summary>A budget of <paramref name="maxQueries"/> evaluations.</summary>
    public static SearchBudget Queries(int maxQueries) => new(maxQueries, null);

    /// <summary>A budget of <paramref name="maxSeconds"/> simulated seconds.</summary>
    public static SearchBudget Seconds(double maxSeconds) => new(null, maxSeconds);

    /// <summary>Either limit, or both; null means no limit of that kind.</summary>
    public static SearchBudget Of(int? maxQueries, double? maxSeconds) => new(maxQueries, maxSeconds);
}

namespace NasSharp.Store;

/// <summary>
/// The run directories created or opened in one logical flow (one <c>nas</c> invocation), so the one place that
/// sees how the invocation ended can record it in every run it opened: complete, failed with the error, or
/// interrupted. Scoped by <see cref="AsyncLocal{T}"/>, so concurrent invocations in one process (tests) do not see
/// each other's runs; runs created outside any tracker are not tracked.
/// </summary>
public sealed class RunTracker : IDisposable
{
    private static readonly AsyncLocal<RunTracker?> Current = new();

    private readonly RunTracker? parent;
    private readonly List<RunDirectory> runs = [];
    private readonly Lock gate = new();

    private RunTracker(RunTracker? parent) => this.parent = parent;

    /// <summary>Starts tracking the runs of the current flow; dispose to stop.</summary>
    public static RunTracker Begin()
    {
        var tracker = new RunTracker(Current.Value);
        Current.Value = tracker;
        return tracker;
    }

    /// <summary>The tracked runs, in the order they were opened.</summary>
    public IReadOnlyList<RunDirectory> Runs
    {
        get
        {
            lock (gate)
            {
                return [.. runs];
            }
        }
    }

    /// <summary>Records <paramref name="status"/> (and <paramref name="reason"/>) in every tracked run still running.</summary>
    public void FinishAll(RunStatus status, string? reason = null)
    {
        foreach (var run in Runs)
        {
            run.Finish(status, reason);
        }
    }

    public void Dispose()
    {
        if (Current.Value == this)
        {
            Current.Value = parent;
        }
    }

    internal static void Register(RunDirectory run)
    {
        if (Current.Value is { } tracker)
        {
            lock (tracker.gate)
            {
                tracker.runs.Add(run);
            }
        }
    }
}

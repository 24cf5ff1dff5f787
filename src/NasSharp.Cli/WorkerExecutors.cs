using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// Every unit kind <c>nas worker</c> runs. A new kind is one <see cref="IUnitExecutor"/> file plus one line here;
/// its enqueuer writes <see cref="UnitSpec"/>s of that kind with a payload the executor reads.
/// </summary>
internal static class WorkerExecutors
{
    /// <summary>The executors, with <paramref name="data"/> overriding the data directory units name.</summary>
    public static UnitExecutorRegistry Create(string? data) => new UnitExecutorRegistry()
        .Add(new GroundTruthUnitExecutor(data))
        .Add(new SupernetSplitUnitExecutor(data));
}

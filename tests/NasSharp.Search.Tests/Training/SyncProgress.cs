using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

/// <summary>Reports epochs on the calling thread, as they finish (System.Progress posts them to the thread pool).</summary>
internal sealed class SyncProgress(Action<EpochReport> action) : IProgress<EpochReport>
{
    public void Report(EpochReport value) => action(value);
}

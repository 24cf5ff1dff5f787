namespace NasSharp.Cli;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its action synchronously on the reporting thread (the framework's
/// <see cref="Progress{T}"/> posts to the thread pool, so lines could arrive late or out of order). A report is a
/// safe point (<see cref="CliTermination.SafePoint"/>): loops report between steps or epochs, never mid-update; pass
/// <c>safePoint: false</c> where a report comes in the middle of something that must not be cut (a leased unit).
/// </summary>
internal sealed class ProgressCallback<T>(Action<T> action, bool safePoint = true) : IProgress<T>
{
    public void Report(T value)
    {
        action(value);
        if (safePoint)
        {
            CliTermination.SafePoint(value);
        }
    }
}

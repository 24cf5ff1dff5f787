namespace NasSharp.Cli;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its action synchronously on the reporting thread (the framework's
/// <see cref="Progress{T}"/> posts to the thread pool, so lines could arrive late or out of order).
/// </summary>
internal sealed class ProgressCallback<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}

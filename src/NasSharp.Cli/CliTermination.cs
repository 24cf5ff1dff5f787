using System.Runtime.InteropServices;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// Graceful SIGTERM for one <c>nas</c> invocation (PosixSignalRegistration): the signal cancels <see cref="Token"/>,
/// which the training loops check before every step; the loop stops, the run is recorded as interrupted (checkpoints
/// already written stay the resume point) and <c>nas</c> exits with <see cref="ExitCode"/> (128 + 15, the shell's
/// convention for a SIGTERM). A command that does not watch the token is given <see cref="Grace"/> to end, then the
/// process records the interruption and exits anyway.
/// </summary>
internal sealed class CliTermination : IDisposable
{
    /// <summary>Exit code of a run stopped by SIGTERM.</summary>
    public const int ExitCode = 143;

    /// <summary>How long a command that does not watch the token may keep running after SIGTERM.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static readonly AsyncLocal<CliTermination?> Current = new();

    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration? registration;
    private readonly CliTermination? parent;
    private Timer? deadline;

    private CliTermination(RunTracker tracker, TextWriter error)
    {
        parent = Current.Value;
        Current.Value = this;
        if (!OperatingSystem.IsWindows())
        {
            registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                source.Cancel();
                deadline = new Timer(_ => ForceExit(tracker, error), null, Grace, Timeout.InfiniteTimeSpan);
            });
        }
    }

    /// <summary>Cancelled when this invocation receives SIGTERM; pass it to training loops.</summary>
    public static CancellationToken Token => Current.Value?.source.Token ?? CancellationToken.None;

    /// <summary>Whether SIGTERM arrived.</summary>
    public bool Requested => source.IsCancellationRequested;

    public static CliTermination Register(RunTracker tracker, TextWriter error) => new(tracker, error);

    public void Dispose()
    {
        registration?.Dispose();
        deadline?.Dispose();
        source.Dispose();
        if (Current.Value == this)
        {
            Current.Value = parent;
        }
    }

    private static void ForceExit(RunTracker tracker, TextWriter error)
    {
        tracker.FinishAll(RunStatus.Interrupted, "SIGTERM");
        error.WriteLine($"nas: interrupted by SIGTERM (the command did not stop within {Grace.TotalSeconds:F0} s)");
        error.Flush();
        Environment.Exit(ExitCode);
    }
}

using System.Runtime.InteropServices;
using NasSharp.Search.Training;
using NasSharp.Store;
using NasSharp.Tasks.Forecasting;
using NasSharp.Tasks.LanguageModeling;

namespace NasSharp.Cli;

/// <summary>
/// Graceful SIGTERM and SIGINT (Ctrl+C) for one <c>nas</c> invocation (PosixSignalRegistration). The first signal
/// cancels <see cref="Token"/>, which the training loops check before every step, and makes the next
/// <see cref="SafePoint"/> (every progress report: between steps, after an epoch's checkpoint) throw; the invocation
/// then records its runs as interrupted, prints one line (<see cref="Describe"/>: the epoch reached and, for a command
/// that can resume, the command that does) and exits with 128 + the signal number, the shell's convention
/// (<see cref="SigintExitCode"/>, <see cref="SigtermExitCode"/>). A second signal exits at once. A command that watches
/// neither is given <see cref="Grace"/> to end, then the process records the interruption and exits anyway.
/// </summary>
/// <remarks>
/// Stopping between steps rather than at the end of the epoch keeps the reaction prompt (an epoch of a supernet can
/// last minutes); the work since the last checkpoint is lost, the checkpoint itself is never half written (atomic).
/// </remarks>
internal sealed class CliTermination : IDisposable
{
    /// <summary>Exit code of a run stopped by SIGINT (128 + 2).</summary>
    public const int SigintExitCode = 130;

    /// <summary>Exit code of a run stopped by SIGTERM (128 + 15).</summary>
    public const int SigtermExitCode = 143;

    /// <summary>How long a command that watches neither the token nor safe points may keep running after a signal.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static readonly AsyncLocal<CliTermination?> Current = new();

    private readonly CancellationTokenSource source = new();
    private readonly List<PosixSignalRegistration> registrations = [];
    private readonly CliTermination? parent;
    private readonly RunTracker tracker;
    private readonly TextWriter error;
    private readonly IReadOnlyList<string> args;
    private readonly Lock gate = new();
    private PosixSignal? signal;
    private bool ended;
    private Timer? deadline;
    private int? epoch;
    private string? resumeCommand;

    private CliTermination(RunTracker tracker, TextWriter error, IReadOnlyList<string> args)
    {
        this.tracker = tracker;
        this.error = error;
        this.args = args;
        parent = Current.Value;
        Current.Value = this;
        if (!OperatingSystem.IsWindows())
        {
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        }
    }

    /// <summary>Cancelled when this invocation receives SIGTERM or SIGINT; pass it to training loops.</summary>
    public static CancellationToken Token => Current.Value?.source.Token ?? CancellationToken.None;

    /// <summary>Whether a signal arrived.</summary>
    public bool Requested => source.IsCancellationRequested;

    /// <summary>The exit code for the signal that arrived (SIGTERM's when none did).</summary>
    public int ExitCode => signal == PosixSignal.SIGINT ? SigintExitCode : SigtermExitCode;

    /// <summary>The status reason recorded with the interruption: the signal's name.</summary>
    public string SignalName => signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";

    public static CliTermination Register(RunTracker tracker, TextWriter error, IReadOnlyList<string> args) => new(tracker, error, args);

    /// <summary>
    /// A point where the command may stop (its state is consistent, its last checkpoint complete): records the epoch
    /// a finished-epoch report carries, checks the run's data files (<see cref="RunDataFiles"/>) after each epoch,
    /// and throws <see cref="OperationCanceledException"/> when a signal arrived.
    /// </summary>
    public static void SafePoint(object? report = null)
    {
        if (Current.Value is not { } current)
        {
            return;
        }

        if (EpochDone(report) is { } done)
        {
            current.epoch = done;
            RunDataFiles.CheckAtEpoch(current.tracker);
        }

        current.source.Token.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Marks the command as resumable: the interruption line tells the user to repeat it, with <c>--resume</c> added
    /// when <paramref name="withResumeOption"/> (a command that resumes by being run again, like groundtruth, needs none).
    /// </summary>
    public static void Resumable(bool withResumeOption = true)
    {
        if (Current.Value is { } current)
        {
            current.resumeCommand = current.Repeat(withResumeOption);
        }
    }

    /// <summary>Sets the command that resumes this run (e.g. <c>nas search --resume NAME</c>).</summary>
    public static void ResumeWith(string command)
    {
        if (Current.Value is { } current)
        {
            current.resumeCommand = command;
        }
    }

    /// <summary>
    /// Ends the interrupted invocation once: records every run as interrupted and returns the line to print; null when
    /// a second signal already ended it (and printed its own line).
    /// </summary>
    public string? End()
    {
        lock (gate)
        {
            if (ended)
            {
                return null;
            }

            ended = true;
        }

        tracker.FinishAll(RunStatus.Interrupted, SignalName);
        return $"nas: {Describe()}";
    }

    /// <summary>The one line printed on an interruption: the epoch reached and how to resume (or that the command cannot).</summary>
    public string Describe()
    {
        var at = epoch is { } e ? $" at epoch {e}" : string.Empty;
        if (resumeCommand != null)
        {
            return $"interrupted by {SignalName}{at}; resume with: {resumeCommand}";
        }

        var runs = tracker.Runs.Select(r => r.Path).ToList();
        var where = runs.Count > 0 ? $"; {string.Join(", ", runs)} marked interrupted" : string.Empty;
        return $"interrupted by {SignalName}{at}{where} (this command cannot resume)";
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        deadline?.Dispose();
        source.Dispose();
        if (Current.Value == this)
        {
            Current.Value = parent;
        }
    }

    private static int? EpochDone(object? report) => report switch
    {
        EpochReport r => r.Epoch,
        SupernetProgress { EpochDone: true } p => p.Epoch,
        LanguageModelEpochReport r => r.Epoch,
        ForecastEpochReport r => r.Epoch,
        DifferentiableEpoch r => r.Epoch + 1, // zero-based, unlike the other reports
        _ => null,
    };

    private void OnSignal(PosixSignalContext context)
    {
        // Never let the runtime's default handling end the process: the invocation decides how it ends.
        context.Cancel = true;
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            if (signal != null)
            {
                // Exit on another thread: the handler must return for the runtime's signal dispatch to go on.
                var line = $"nas: second signal ({context.Signal}): exiting at once; {Describe()}";
                new Thread(() => Exit(line)) { IsBackground = true }.Start();
                return;
            }

            signal = context.Signal;
            source.Cancel();
            deadline = new Timer(_ => Exit($"nas: {Describe()}; the command did not stop within {Grace.TotalSeconds:F0} s"), null, Grace, Timeout.InfiniteTimeSpan);
        }
    }

    private void Exit(string line)
    {
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            ended = true;
        }

        tracker.FinishAll(RunStatus.Interrupted, SignalName);
        error.WriteLine(line);
        error.Flush();
        Environment.Exit(ExitCode);
    }

    private string Repeat(bool withResumeOption)
    {
        // Quoted for a POSIX shell, so the line can be pasted as printed.
        static string Quote(string a) => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,".Contains(c)) ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var words = withResumeOption && !args.Contains("--resume") ? [.. args, "--resume"] : args;
        return "nas " + string.Join(' ', words.Select(Quote));
    }
}

using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace NasSharp.Cli;

/// <summary>
/// Progress with an ETA for every long command (train, supernet train/split, groundtruth, search trials, the main
/// job): <c>"epoch 3/10  batch 120/390  loss 1.234  ETA 4m12s"</c>. On a terminal it is one live line that
/// Spectre.Console redraws in place (at most 4 times a second); when the output is redirected (a log, a pipe, a test)
/// it is a plain line at most every <see cref="DefaultInterval"/>, so a log grows by a few lines a minute, not one
/// per batch. Lines that must stay (an epoch finished, a result) go through <see cref="Line"/>, which first clears a
/// live line. The ETA is the mean rate since the first update applied to the work left, the estimate tqdm and
/// Keras's progress bar print; it is "?" until some work is done.
/// </summary>
internal sealed class ProgressReporter
{
    /// <summary>How often a plain line may be written when the output is not a terminal.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(250);
    private readonly TextWriter output;
    private readonly string label;
    private readonly TimeSpan interval;
    private readonly IAnsiConsole? live;
    private readonly Stopwatch clock = new();
    private double startDone;
    private TimeSpan lastWrite = TimeSpan.MinValue;
    private bool liveLineShown;

    /// <param name="output">Where lines go; a live line is used only when this is the process's own terminal.</param>
    /// <param name="label">Prefix of every line, e.g. "one-shot" or "ground truth"; empty for none.</param>
    /// <param name="interval">Plain-line throttle (default <see cref="DefaultInterval"/>).</param>
    public ProgressReporter(TextWriter output, string label, TimeSpan? interval = null)
    {
        this.output = output;
        this.label = label.Length == 0 ? string.Empty : label + ": ";
        this.interval = interval ?? DefaultInterval;
        live = IsTerminal(output) ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) }) : null;
    }

    /// <summary>
    /// Work <paramref name="done"/> of <paramref name="total"/> (any unit: batches of the whole run, trials, units),
    /// described by <paramref name="detail"/> (e.g. "epoch 3/10  batch 120/390  loss 1.234"); written when the
    /// throttle allows, with the ETA appended.
    /// </summary>
    public void Update(double done, double total, string detail)
    {
        if (!clock.IsRunning)
        {
            clock.Start();
            startDone = done;
        }

        var now = clock.Elapsed;
        if (lastWrite != TimeSpan.MinValue && now - lastWrite < (live is null ? interval : LiveInterval))
        {
            return;
        }

        lastWrite = now;
        var text = $"{label}{detail}  ETA {Eta(now, done - startDone, total - done)}";
        if (live is null)
        {
            output.WriteLine(text);
            return;
        }

        live.WriteAnsi("\r\u001b[2K");
        live.Write(new Text(text));
        liveLineShown = true;
    }

    /// <summary>A line that stays (an epoch done, a trial's result); it replaces a live line and restarts the throttle.</summary>
    public void Line(string text)
    {
        if (live is not null && liveLineShown)
        {
            live.WriteAnsi("\r\u001b[2K");
            liveLineShown = false;
        }

        output.WriteLine(text);
        if (clock.IsRunning)
        {
            lastWrite = clock.Elapsed;
        }
    }

    /// <summary>Time left at the mean rate so far: <c>4m12s</c>, <c>1h05m</c>, <c>?</c> before any work is done.</summary>
    public static string Eta(TimeSpan elapsed, double doneSinceStart, double left)
    {
        if (left <= 0)
        {
            return "0s";
        }

        if (doneSinceStart <= 0 || elapsed <= TimeSpan.Zero)
        {
            return "?";
        }

        var seconds = left * elapsed.TotalSeconds / doneSinceStart;
        return Duration(seconds);
    }

    /// <summary>A short duration: <c>42s</c>, <c>4m12s</c>, <c>2h05m</c>.</summary>
    public static string Duration(double seconds)
    {
        var s = (long)Math.Round(Math.Max(0, Math.Min(seconds, 1e9)));
        return s switch
        {
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{s}s"),
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{s / 60}m{s % 60:00}s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{s / 3600}h{s / 60 % 60:00}m"),
        };
    }

    // A live line only on the process's own, unredirected, ANSI-capable terminal; never in a test's StringWriter.
    private static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Ansi;
}

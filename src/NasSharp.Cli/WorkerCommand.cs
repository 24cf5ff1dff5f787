using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas worker</c>: leases queued units from the store and runs them (<see cref="WorkerLoop"/>). Start as many as
/// the site has cores or machines (a shell loop, a Slurm array, a Kubernetes Job); Ctrl+C or SIGTERM gives the unit
/// in hand back and exits, a killed worker's unit is leased again when its lease expires.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var store = StoreCliOptions.Store();
        var maxUnits = new Option<int>("--max-units") { Description = "Stop after this many units (0: no limit).", DefaultValueFactory = _ => 0 };
        var idleExit = new Option<double?>("--idle-exit") { Description = "Stop after finding no work for this many seconds (default: wait for work forever)." };
        var leaseSeconds = new Option<double>("--lease-seconds") { Description = "Lease length; a killed worker's unit is re-run after it (heartbeat every third of it).", DefaultValueFactory = _ => 60 };
        var data = SupernetCliOptions.Data();
        var command = new Command("worker", $"Run queued units (kinds: {string.Join(", ", WorkerExecutors.Create(null).Kinds)}) from the experiment store until told to stop.");
        Option[] options = [store, maxUnits, idleExit, leaseSeconds, data, SupernetCliOptions.Threads()];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => SupernetCliOptions.Guard(r, "worker", writer =>
        {
            var workerOptions = new WorkerOptions
            {
                MaxUnits = NotNegative(r.GetValue(maxUnits), "--max-units"),
                IdleExit = r.GetValue(idleExit) is { } idle ? TimeSpan.FromSeconds(NotNegative(idle, "--idle-exit")) : null,
                Lease = TimeSpan.FromSeconds(r.GetValue(leaseSeconds) is var s && s >= 0.3 ? s : throw new ArgumentException($"--lease-seconds must be at least 0.3, got {s}")),
            };
            using var opened = StoreCliOptions.Open(r.GetValue(store));
            var executors = WorkerExecutors.Create(r.GetValue(data));
            writer.WriteLine($"worker {workerOptions.WorkerId} on {opened.Description}: units {string.Join(", ", executors.Kinds)}, lease {workerOptions.Lease.TotalSeconds:0.#} s");
            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop(stop, writer));
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop(stop, writer));
            var report = new WorkerLoop(opened, executors, workerOptions, new ProgressCallback<WorkerEvent>(e => writer.WriteLine(Describe(e)), safePoint: false)).Run(stop.Token);
            writer.WriteLine($"worker {workerOptions.WorkerId}: {report.Completed} completed, {report.Failed} failed, {report.Rejected} rejected, {report.Released} released; stopped: {report.StopReason}");
            return 0;
        }));
        return command;
    }

    /// <summary>One line per event: the unit, and its metrics or the message.</summary>
    internal static string Describe(WorkerEvent e)
    {
        var unit = $"{e.Unit.StudyName} #{e.Unit.Number} (attempt {e.Unit.Attempt}) {e.Unit.Genotype}";
        return e.Kind switch
        {
            WorkerEventKind.Leased => $"leased {unit}",
            WorkerEventKind.Completed => string.Create(CultureInfo.InvariantCulture,
                $"completed {unit}: {string.Join(", ", e.Result!.Metrics.Take(3).Select(m => $"{m.Key} {m.Value:0.##}"))}, {e.Result.WallSeconds:0.#} s"),
            _ => $"{e.Kind.ToString().ToLowerInvariant()} {unit}: {e.Message}",
        };
    }

    // The first signal asks for a graceful stop (the unit goes back to the queue); the runtime's default
    // termination is cancelled so the loop can release its lease.
    private static Action<PosixSignalContext> Stop(CancellationTokenSource stop, TextWriter writer) => context =>
    {
        context.Cancel = true;
        writer.WriteLine($"{context.Signal}: stopping after giving the current unit back");
        stop.Cancel();
    };

    private static T NotNegative<T>(T value, string name)
        where T : System.Numerics.INumber<T> =>
        value >= T.Zero ? value : throw new ArgumentException($"{name} must not be negative, got {value}");
}

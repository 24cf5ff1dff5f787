using System.Diagnostics;

namespace NasSharp.Store.Experiments;

/// <summary>
/// A worker: leases units of the registered kinds from the store, runs each with its executor while a timer
/// heartbeats the lease, and commits the result with the attempt number it leased (the fencing token), so a result
/// that arrives after the lease was lost is rejected. Cancelling the run (Ctrl+C, SIGTERM) gives the unit in hand
/// back to the queue and returns without committing it; a killed worker's unit is leased again once its lease
/// expires. Either way no unit is counted twice.
/// </summary>
public sealed class WorkerLoop
{
    private readonly IExperimentStore store;
    private readonly UnitExecutorRegistry executors;
    private readonly WorkerOptions options;
    private readonly IProgress<WorkerEvent>? progress;

    public WorkerLoop(IExperimentStore store, UnitExecutorRegistry executors, WorkerOptions options, IProgress<WorkerEvent>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(executors);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (executors.Kinds.Count == 0)
        {
            throw new ArgumentException("worker: no unit executor is registered", nameof(executors));
        }

        (this.store, this.executors, this.options, this.progress) = (store, executors, options, progress);
    }

    /// <summary>Works until <see cref="WorkerOptions.MaxUnits"/>, idleness, the study's end or <paramref name="stop"/>.</summary>
    public WorkerReport Run(CancellationToken stop = default)
    {
        var counts = new Dictionary<WorkerEventKind, int>();
        var idle = Stopwatch.StartNew();
        var reason = WorkerStopReason.Stopped;
        for (var units = 0; !stop.IsCancellationRequested;)
        {
            if (options.MaxUnits > 0 && units >= options.MaxUnits)
            {
                reason = WorkerStopReason.MaxUnits;
                break;
            }

            var unit = store.TryLease(options.WorkerId, executors.Kinds, options.Lease, options.StudyId);
            if (unit is null)
            {
                if (NoMoreWork(idle.Elapsed) is { } done)
                {
                    reason = done;
                    break;
                }

                stop.WaitHandle.WaitOne(options.PollInterval);
                continue;
            }

            var outcome = Work(unit, stop);
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            if (outcome == WorkerEventKind.Released)
            {
                break;
            }

            units++;
            idle.Restart();
        }

        return new WorkerReport(counts.GetValueOrDefault(WorkerEventKind.Completed), counts.GetValueOrDefault(WorkerEventKind.Failed),
            counts.GetValueOrDefault(WorkerEventKind.Rejected), counts.GetValueOrDefault(WorkerEventKind.Released), reason);
    }

    private WorkerStopReason? NoMoreWork(TimeSpan idleFor)
    {
        if (options.UntilStudyDone)
        {
            var counts = store.CountTrials(options.StudyId!.Value);
            if (counts[TrialState.Queued] + counts[TrialState.Running] == 0)
            {
                return WorkerStopReason.StudyDone;
            }
        }

        return options.IdleExit is { } limit && idleFor >= limit ? WorkerStopReason.Idle : null;
    }

    /// <summary>Runs one leased unit to one of Completed, Failed, Rejected or Released.</summary>
    private WorkerEventKind Work(LeasedUnit unit, CancellationToken stop)
    {
        progress?.Report(new WorkerEvent(WorkerEventKind.Leased, unit));
        using var lost = new CancellationTokenSource();
        using var unitToken = CancellationTokenSource.CreateLinkedTokenSource(stop, lost.Token);
        var executor = executors.Get(unit.Kind);

        // A dedicated thread: the executor may run for hours and need not poll its token, so the worker waits on
        // it with the stop token and can give the unit back at once.
        var task = Task.Factory.StartNew(() => executor.Execute(unit, unitToken.Token), unitToken.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        using (new Timer(_ => Beat(unit, lost), null, options.EffectiveHeartbeat, options.EffectiveHeartbeat))
        {
            try
            {
                task.Wait(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                store.Release(unit.TrialId, unit.Attempt);
                return Report(WorkerEventKind.Released, unit, message: "stopped; unit given back to the queue");
            }
            catch (AggregateException)
            {
                // Inspected below through the task's state.
            }
        }

        if (task.IsCompletedSuccessfully)
        {
            return store.Complete(unit.TrialId, unit.Attempt, task.Result)
                ? Report(WorkerEventKind.Completed, unit, task.Result)
                : Report(WorkerEventKind.Rejected, unit, task.Result, "lease lost (expired and taken over); result discarded");
        }

        var error = task.Exception?.GetBaseException();
        if (lost.IsCancellationRequested || error is OperationCanceledException)
        {
            return Report(WorkerEventKind.Rejected, unit, message: "lease lost; unit abandoned");
        }

        var message = $"{error?.GetType().Name}: {error?.Message}".ReplaceLineEndings(" ");
        return store.Fail(unit.TrialId, unit.Attempt, message)
            ? Report(WorkerEventKind.Failed, unit, message: message)
            : Report(WorkerEventKind.Rejected, unit, message: "lease lost; failure not recorded: " + message);
    }

    private void Beat(LeasedUnit unit, CancellationTokenSource lost)
    {
        try
        {
            if (!store.Heartbeat(unit.TrialId, unit.Attempt, options.Lease))
            {
                lost.Cancel();
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException)
        {
            // The store was unreachable for one beat; the next one may succeed before the lease runs out.
            progress?.Report(new WorkerEvent(WorkerEventKind.HeartbeatError, unit, Message: ex.Message));
        }
        catch (ObjectDisposedException)
        {
            // The unit finished while this beat was in flight.
        }
    }

    private WorkerEventKind Report(WorkerEventKind kind, LeasedUnit unit, TrialResult? result = null, string? message = null)
    {
        progress?.Report(new WorkerEvent(kind, unit, result, message));
        return kind;
    }
}

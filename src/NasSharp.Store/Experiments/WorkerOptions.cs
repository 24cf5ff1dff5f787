namespace NasSharp.Store.Experiments;

/// <summary>How a <see cref="WorkerLoop"/> leases and when it stops.</summary>
public sealed record WorkerOptions
{
    /// <summary>Who holds a lease, shown in the store: host and process id by default.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>How long a lease lasts without a heartbeat; a killed worker's unit is leasable again after it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Between heartbeats; null: a third of <see cref="Lease"/>, so two missed beats still keep it.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>Stop after this many units (completed, failed or rejected); 0: no limit.</summary>
    public int MaxUnits { get; init; }

    /// <summary>Stop after finding no unit for this long; null: wait for work forever.</summary>
    public TimeSpan? IdleExit { get; init; }

    /// <summary>Between lease attempts while there is no work.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Lease only units of this study (an enqueuing process working its own units); null: any study.</summary>
    public long? StudyId { get; init; }

    /// <summary>With <see cref="StudyId"/>: stop once none of the study's units is queued or running.</summary>
    public bool UntilStudyDone { get; init; }

    /// <summary>The heartbeat interval in effect.</summary>
    public TimeSpan EffectiveHeartbeat => HeartbeatInterval ?? Lease / 3;

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        if (Lease <= TimeSpan.Zero || EffectiveHeartbeat <= TimeSpan.Zero || EffectiveHeartbeat >= Lease)
        {
            throw new ArgumentException($"worker: the lease ({Lease.TotalSeconds} s) must be positive and longer than the heartbeat interval ({EffectiveHeartbeat.TotalSeconds} s)");
        }

        if (MaxUnits < 0 || IdleExit < TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"worker: max units ({MaxUnits}) and idle exit ({IdleExit?.TotalSeconds} s) must not be negative, the poll interval must be positive");
        }

        if (UntilStudyDone && StudyId is null)
        {
            throw new ArgumentException("worker: UntilStudyDone needs a StudyId");
        }
    }
}

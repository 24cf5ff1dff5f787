namespace NasSharp.Store.Experiments;

/// <summary>What happened to a unit in a <see cref="WorkerLoop"/>.</summary>
public enum WorkerEventKind
{
    /// <summary>The worker leased the unit and started it.</summary>
    Leased,

    /// <summary>The result was committed.</summary>
    Completed,

    /// <summary>The executor threw; the unit is marked failed.</summary>
    Failed,

    /// <summary>The result was not committed: the lease had expired and another worker took the unit.</summary>
    Rejected,

    /// <summary>The worker was stopped mid-unit and gave the unit back.</summary>
    Released,

    /// <summary>A heartbeat failed to reach the store (the unit keeps running; the lease may expire).</summary>
    HeartbeatError,
}

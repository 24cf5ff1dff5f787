namespace NasSharp.Store.Experiments;

/// <summary>
/// Experiment records shared by every process of a search: studies, their trials and strategy snapshots. Every
/// write is one transaction (a killed process leaves the old or the new state, never half a row), every method is
/// safe to call from several threads and processes at once, and time comes from the store's own clock so that
/// leases mean the same on every machine.
/// <para>
/// Work distribution follows Optuna's RDB storage: units are enqueued as trials in state <see cref="TrialState.Queued"/>;
/// a worker leases one (<see cref="TryLease"/>), heartbeats while it runs, and commits with the attempt number it was
/// given. A lease that expires (a killed or stalled worker) makes the unit leasable again with the attempt number
/// one higher, so the stale worker's commit is rejected: each unit is counted exactly once.
/// </para>
/// </summary>
public interface IExperimentStore : IDisposable
{
    /// <summary>The schema version this store is at after its migrations.</summary>
    int SchemaVersion { get; }

    /// <summary>A human-readable location (no password), for messages.</summary>
    string Description { get; }

    /// <summary>Creates the study, or returns the existing one of that name unchanged.</summary>
    StudyRecord CreateOrOpenStudy(StudySpec spec);

    /// <summary>The study of that name, or null.</summary>
    StudyRecord? FindStudy(string name);

    /// <summary>Every study, oldest first.</summary>
    IReadOnlyList<StudyRecord> ListStudies();

    /// <summary>Records the study's status (and its update time).</summary>
    void SetStudyStatus(long studyId, StudyStatus status);

    /// <summary>Adds a finished trial with its number, result and timings in one transaction.</summary>
    TrialRecord AddCompleteTrial(long studyId, CompletedTrial trial);

    /// <summary>
    /// Adds finished trials, numbered in order after the study's existing ones, in one transaction (all or none): a
    /// fast search records a batch at a time. Returns their trial ids.
    /// </summary>
    IReadOnlyList<long> AddCompleteTrials(long studyId, IReadOnlyList<CompletedTrial> trials);

    /// <summary>Enqueues units in order, numbered after the study's existing trials; returns their trial ids.</summary>
    IReadOnlyList<long> Enqueue(long studyId, IReadOnlyList<UnitSpec> units);

    /// <summary>
    /// Leases the oldest unit of one of <paramref name="kinds"/> that is queued or whose lease has expired, of any study
    /// or only of <paramref name="studyId"/>, for <paramref name="lease"/>; null when there is none.
    /// </summary>
    LeasedUnit? TryLease(string workerId, IReadOnlyCollection<string> kinds, TimeSpan lease, long? studyId = null);

    /// <summary>Extends the lease by <paramref name="lease"/> from now; false when the caller no longer holds it.</summary>
    bool Heartbeat(long trialId, int attempt, TimeSpan lease);

    /// <summary>Records the result; false (and nothing written) when the caller no longer holds the lease.</summary>
    bool Complete(long trialId, int attempt, TrialResult result);

    /// <summary>Marks the unit failed with <paramref name="error"/>; false when the caller no longer holds the lease.</summary>
    bool Fail(long trialId, int attempt, string error);

    /// <summary>Gives the unit back unfinished (a stopping worker), queued for the next lease; false when not held.</summary>
    bool Release(long trialId, int attempt);

    /// <summary>The study's trials by number, optionally only those in <paramref name="state"/>.</summary>
    IReadOnlyList<TrialRecord> Trials(long studyId, TrialState? state = null);

    /// <summary>Counts of the study's trials per state (every state present, zero when none).</summary>
    IReadOnlyDictionary<TrialState, int> CountTrials(long studyId);

    /// <summary>Stores a strategy snapshot under <paramref name="sequence"/> (replacing one of the same sequence).</summary>
    void SaveSnapshot(long studyId, long sequence, ReadOnlySpan<byte> data);

    /// <summary>The snapshot with the highest sequence, or null.</summary>
    StrategySnapshot? LatestSnapshot(long studyId);
}

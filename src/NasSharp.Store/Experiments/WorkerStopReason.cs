namespace NasSharp.Store.Experiments;

/// <summary>Why a <see cref="WorkerLoop"/> returned.</summary>
public enum WorkerStopReason
{
    /// <summary>It ran <see cref="WorkerOptions.MaxUnits"/> units.</summary>
    MaxUnits,

    /// <summary>It found no work for <see cref="WorkerOptions.IdleExit"/>.</summary>
    Idle,

    /// <summary>Its study has no unit queued or running left (<see cref="WorkerOptions.UntilStudyDone"/>).</summary>
    StudyDone,

    /// <summary>It was cancelled (Ctrl+C, SIGTERM).</summary>
    Stopped,
}

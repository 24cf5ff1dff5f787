namespace NasSharp.Store;

/// <summary>Where a run directory's run stands; written to its <c>status.json</c> as the lower-case name.</summary>
public enum RunStatus
{
    /// <summary>A process holds the directory's lock and is writing it.</summary>
    Running,

    /// <summary>The run finished and produced its results.</summary>
    Complete,

    /// <summary>The run stopped on an error (bad input, divergence, a full disk); the reason is recorded.</summary>
    Failed,

    /// <summary>The run was stopped from outside (SIGTERM, Ctrl+C) and may be resumed.</summary>
    Interrupted,
}

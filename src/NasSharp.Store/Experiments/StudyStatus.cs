namespace NasSharp.Store.Experiments;

/// <summary>The state of a study (one search or experiment) as its owner last reported it.</summary>
public enum StudyStatus
{
    Running,
    Complete,
    Failed,

    /// <summary>Stopped by a signal (SIGTERM, Ctrl+C) with its results so far kept: it can be resumed.</summary>
    Interrupted,
}

namespace NasSharp.Store.Experiments;

/// <summary>Where a trial is in its life: queued units wait for a worker; search trials are added complete.</summary>
public enum TrialState
{
    /// <summary>Enqueued, waiting for a worker to lease it (or released by a stopping worker).</summary>
    Queued,

    /// <summary>Leased by a worker; leasable again once its lease has expired.</summary>
    Running,

    /// <summary>Finished with metrics; final.</summary>
    Complete,

    /// <summary>Its executor threw; final, with the error text.</summary>
    Failed,
}

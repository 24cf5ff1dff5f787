namespace NasSharp.Store.Experiments;

/// <summary>When a <see cref="SearchTrialLog"/> commits.</summary>
public enum SearchCommitPolicy
{
    /// <summary>Every trial in its own transaction as it finishes (slow evaluators: a kill loses nothing finished).</summary>
    PerTrial,

    /// <summary>Trials buffered and committed together at the end of each repeat (fast table lookups).</summary>
    PerRepeat,
}

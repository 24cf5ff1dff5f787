namespace NasSharp.Search.Growth;

/// <summary>Why growth stops (RECURRENT.md 3.4), in the order the rule checks.</summary>
public enum GrowthStop
{
    /// <summary>Keep growing.</summary>
    None,

    /// <summary>The cell holds N_max nodes.</summary>
    MaxNodes,

    /// <summary>The last grown node has |gamma| &lt; 0.05 or argmax op skip after P epochs: remove it, log the loss change.</summary>
    NodeNotEarned,

    /// <summary>The alpha-stream loss P epochs after the last growth is not better than just before it by delta.</summary>
    NoImprovement,

    /// <summary>The search epoch budget is used up.</summary>
    Budget,

    /// <summary>Edge growth: every node reads every earlier state already (the edge analogue of <see cref="MaxNodes"/>).</summary>
    NoEdgeLeft,

    /// <summary>Edge growth: the last added edge has |gamma_e| &lt; 0.05 after P epochs: remove it, log the loss change.</summary>
    EdgeNotEarned,
}

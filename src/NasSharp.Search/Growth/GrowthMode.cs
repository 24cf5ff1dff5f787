namespace NasSharp.Search.Growth;

/// <summary>How growing and DARTS's pruning combine (RECURRENT.md 4, the paper's "two modes", C5), plus the fixed-backbone control.</summary>
public enum GrowthMode
{
    /// <summary><c>none</c>: the backbone is fixed at its full size from the start (the control of C1/C2).</summary>
    None,

    /// <summary><c>gtp</c>: grow until the stopping rule holds, train on at fixed size, discretize once at the end.</summary>
    Gtp,

    /// <summary><c>igp</c>: at every growth event first drop each row's weakest ops and contract weak nodes (P-DARTS style), then grow.</summary>
    Igp,
}

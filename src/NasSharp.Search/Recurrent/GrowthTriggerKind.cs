namespace NasSharp.Search.Recurrent;

/// <summary>When a growing search adds a node (RECURRENT.md 3.3); CLI names <c>schedule</c>, <c>plateau</c>.</summary>
public enum GrowthTriggerKind
{
    /// <summary>Every E_g epochs.</summary>
    Schedule,

    /// <summary>When the alpha-stream loss stops improving by 1 % over the best of the last 2 epochs.</summary>
    Plateau,
}

namespace NasSharp.Search.Recurrent;

/// <summary>
/// One sub-supernet of a few-shot recurrent search: its part name (<c>split-ROW-CHOICE</c>, its checkpoint folder),
/// its split as text (<c>row:op</c>, or <c>group.row:op</c> beyond the first node) and its search.
/// </summary>
public sealed record RecurrentFewShotPart(string Name, string Split, RecurrentSearchResult Search)
{
    /// <summary>The alpha-stream loss the part was chosen by.</summary>
    public double AlphaLoss => Search.AlphaLoss;
}

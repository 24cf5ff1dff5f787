namespace NasSharp.Search.Growth;

/// <summary>
/// What a growth event adds (RECURRENT.md 3.2); CLI names <c>node</c>, <c>edge</c>, <c>both</c>. RECURRENT.md 3.3 says
/// when to append or insert a node but not when to add an edge; the edge rule is [NASSHARP]: see
/// <see cref="GrowthController"/>.
/// </summary>
public enum GrowthMorphism
{
    /// <summary>Append a node (tib M1, darts-rnn M3).</summary>
    Node,

    /// <summary>Add an edge (tib M4) into the node with the largest |dL/dgamma| from the earliest state it does not read; the chain keeps N_max nodes.</summary>
    Edge,

    /// <summary>Append a node, then add an edge as <see cref="Edge"/> does (tib only).</summary>
    Both,
}

namespace NasSharp.Search.Growth;

/// <summary>
/// One growth event as the run records it (RECURRENT.md 6: epoch, N, loss before and after): the epoch (1-based)
/// after which it happened, nodes before and after, the alpha-stream loss in evaluation mode just before and just after
/// (equal for a pure morphism; IGP's op reduction and contractions change it), the group of the new node, the
/// contracted groups (nodes or edges), the open choices per row after IGP's reduction, why growth stopped (when it
/// did) and the edge added (M4), if any.
/// </summary>
public sealed record GrowthRecord(int Epoch, int NodesBefore, int NodesAfter, double LossBefore, double LossAfter, int? NewGroup, IReadOnlyList<int> ContractedGroups, int? OpenChoices, GrowthStop Stop, GrowthEdge? NewEdge = null);

using NasSharp.Tensors;

namespace NasSharp.Search.Growth;

/// <summary>
/// What a <see cref="GrowthController"/> did after one epoch, for the training loop and the run's records: the new
/// weights (add them to the trainer with fresh state, <see cref="Training.DifferentiableTrainer.AddWeights"/>: the node's,
/// then the edge's gate; the gates go to the gains' Adam), the group the new node reads (its table was in the
/// architecture optimizer from the start, untouched), nodes before and after, the nodes (or edges) contracted, the open
/// choices per row after IGP's op reduction and the edge added (M4).
/// Contracting and reducing change the function: measure and log the alpha-stream loss before and after.
/// </summary>
public sealed record GrowthEvent(int Epoch, int NodesBefore, int NodesAfter, IReadOnlyList<Tensor> NewWeights, int? NewGroup, IReadOnlyList<int> ContractedGroups, int? OpenChoices, GrowthStop Stop, GrowthEdge? NewEdge = null);

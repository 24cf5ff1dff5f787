using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// A differentiable resource term for the architecture loss (DSNAS, Hu et al. 2020, section 3.4; SNAS's
/// resource constraint): lambda * E_p[cell FLOPs] / reference, where p = softmax(alpha) per edge, the
/// expectation is sum over (edge, op) of p(e, op) * FLOPs(e, op) summed over every cell of the network
/// (<see cref="Nb201Cost.EdgeFlopsTable"/>), and the reference is that sum with every edge <c>nor_conv_3x3</c>
/// (the most expensive cell), so the term lies in [0, lambda]. Its gradient pushes alpha toward cheaper operations.
/// </summary>
public sealed class FlopsPenalty
{
    private readonly float[] normalized;

    public FlopsPenalty(Nb201SupernetOptions options, int imageSize, float weight)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(weight >= 0) || !float.IsFinite(weight) || imageSize <= 0)
        {
            throw new ArgumentException($"FlopsPenalty: weight {weight} must be non-negative and image size {imageSize} positive.");
        }

        var table = Nb201Cost.EdgeFlopsTable(options, imageSize);
        ReferenceFlops = Enumerable.Range(0, Nb201Genotype.EdgeCount).Sum(e => table.Skip(e * Nb201Genotype.OpCount).Take(Nb201Genotype.OpCount).Max());
        normalized = table.Select(f => (float)(f / ReferenceFlops)).ToArray();
        Weight = weight;
    }

    /// <summary>lambda.</summary>
    public float Weight { get; }

    /// <summary>Cell FLOPs of the whole network when every edge is its most expensive operation.</summary>
    public double ReferenceFlops { get; }

    /// <summary>The penalty for per-edge probabilities [6, 5] (differentiable with respect to them).</summary>
    public Tensor Term(Tensor probabilities)
    {
        EdgeLogits.Check(probabilities, nameof(FlopsPenalty));
        return Ops.Scale(Ops.Sum(Ops.Multiply(probabilities, Tensor.FromArray(normalized, probabilities.Shape.ToArray()))), Weight);
    }

    /// <summary>The penalty for architecture logits [6, 5] within <paramref name="space"/>: p = softmax of the open operations.</summary>
    public Tensor Term(Tensor alpha, SupernetEdgeSpace space) => Term(Ops.Softmax(EdgeLogits.Masked(alpha, space), axis: 1));

    /// <summary>Expected cell FLOPs of the network under <paramref name="distribution"/> (for reports).</summary>
    public double ExpectedCellFlops(ArchitectureDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        return distribution.Probabilities.Select((p, i) => p * normalized[i] * ReferenceFlops).Sum();
    }
}

using NasSharp.NN.Operations.Nb201;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Policies;

/// <summary>
/// The DARTS continuous relaxation (Liu et al., ICLR 2019, eq. 2): each edge outputs
/// sum over open ops of softmax(alpha_edge)_op * op(x). <see cref="Alpha"/> [6, 5] is shared by all cells
/// (as in NAS-Bench-201's DARTS); operations closed by a split get weight 0 (masked before the softmax).
/// <c>none</c> contributes 0 * x, so it is not computed, but its weight still takes part in the softmax.
/// </summary>
public sealed class SoftmaxWeightedPolicy : IEdgePolicy
{
    private Tensor? weights;
    private Tensor? mask;
    private SupernetEdgeSpace? space;

    /// <param name="alpha">Architecture logits [6, 5]; set RequiresGrad to learn them.</param>
    public SoftmaxWeightedPolicy(Tensor alpha)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Rank != 2 || alpha.Shape[0] != Nb201CellWiring.EdgeCount || alpha.Shape[1] != 5)
        {
            throw new ArgumentException($"SoftmaxWeightedPolicy: alpha must have shape [6, 5], got {alpha.Shape}.");
        }

        Alpha = alpha;
    }

    /// <summary>The architecture logits [edges, operations].</summary>
    public Tensor Alpha { get; }

    /// <summary>The mixing weights of the latest forward pass [6, 5].</summary>
    public Tensor? Weights => weights;

    public void BeginForward(SupernetEdgeSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (!ReferenceEquals(space, this.space))
        {
            mask = BuildMask(space);
            this.space = space;
        }

        weights = Ops.Softmax(mask == null ? Alpha : Ops.Add(Alpha, mask), axis: 1);
    }

    public Tensor? Forward(MixedEdge edge, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(edge);
        var w = weights ?? throw new InvalidOperationException("SoftmaxWeightedPolicy: BeginForward was not called.");
        return EdgeLogits.Mix(edge, input, w, space!);
    }

    private static Tensor? BuildMask(SupernetEdgeSpace space)
    {
        var values = new float[Nb201CellWiring.EdgeCount * 5];
        var any = false;
        for (var e = 0; e < space.EdgeCount; e++)
        {
            foreach (var op in Nb201Operations.All)
            {
                if (!space.IsAllowed(e, op))
                {
                    values[(e * 5) + (int)op] = -1e9f;
                    any = true;
                }
            }
        }

        if (!any)
        {
            return null;
        }

        var mask = Tensor.Persistent(new TensorShape(Nb201CellWiring.EdgeCount, 5));
        values.CopyTo(mask.Data);
        return mask;
    }
}

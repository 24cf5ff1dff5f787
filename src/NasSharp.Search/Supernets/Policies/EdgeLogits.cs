using NasSharp.NN.Operations.Nb201;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Policies;

/// <summary>
/// Shared bookkeeping of the policies driven by architecture logits [6, 5] (one row per edge position, one
/// column per NAS-Bench-201 op): shape checks, and the additive mask that closes the operations a few-shot
/// split removed (a large negative logit, so their softmax weight and sampling probability are 0).
/// </summary>
internal static class EdgeLogits
{
    /// <summary>Logit added to closed operations: exp underflows to exactly 0 in float32.</summary>
    public const float Closed = -1e9f;

    /// <summary>Throws naming <paramref name="policy"/> unless <paramref name="logits"/> is [6, 5].</summary>
    public static Tensor Check(Tensor logits, string policy)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2 || logits.Shape[0] != Nb201CellWiring.EdgeCount || logits.Shape[1] != Nb201Operations.All.Count)
        {
            throw new ArgumentException($"{policy}: architecture logits must have shape [6, 5], got {logits.Shape}.");
        }

        return logits;
    }

    /// <summary><paramref name="logits"/> with closed operations pushed to <see cref="Closed"/> (the same tensor when all are open).</summary>
    public static Tensor Masked(Tensor logits, SupernetEdgeSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var values = new float[logits.Count];
        var any = false;
        for (var e = 0; e < space.EdgeCount; e++)
        {
            foreach (var op in Nb201Operations.All)
            {
                if (!space.IsAllowed(e, op))
                {
                    values[Index(e, op)] = Closed;
                    any = true;
                }
            }
        }

        return any ? Ops.Add(logits, Tensor.FromArray(values, logits.Shape.ToArray())) : logits;
    }

    /// <summary>Flat index of (edge, op) in a [6, 5] tensor.</summary>
    public static int Index(int edge, Nb201Operation op) => (edge * Nb201Operations.All.Count) + (int)op;

    /// <summary><paramref name="output"/> scaled by entry (edge, op) of the [6, 5] <paramref name="table"/>, keeping the graph to both.</summary>
    public static Tensor Scaled(Tensor output, Tensor table, int edge, Nb201Operation op) => Ops.WeightedSum([output], table, [Index(edge, op)]);

    /// <summary>
    /// The mixed operation: sum over the open, non-<c>none</c> ops of <paramref name="edge"/> of table[edge, op] *
    /// op(input), one fused <see cref="Ops.WeightedSum"/> (<c>none</c> contributes 0 * x, so it is not run); null
    /// when no op contributes.
    /// </summary>
    public static Tensor? Mix(MixedEdge edge, Tensor input, Tensor table, SupernetEdgeSpace space)
    {
        var terms = new List<Tensor>(Nb201Operations.All.Count);
        Span<int> indices = stackalloc int[Nb201Operations.All.Count];
        foreach (var op in Nb201Operations.All)
        {
            if (op != Nb201Operation.None && space.IsAllowed(edge.Position, op))
            {
                indices[terms.Count] = Index(edge.Position, op);
                terms.Add(edge.Run(op, input)!);
            }
        }

        return terms.Count == 0 ? null : Ops.WeightedSum(terms, table, indices[..terms.Count]);
    }

    /// <summary>The index of the largest entry of row <paramref name="edge"/> (first on ties).</summary>
    public static Nb201Operation ArgMax(ReadOnlySpan<float> table, int edge)
    {
        var ops = Nb201Operations.All.Count;
        var row = table.Slice(edge * ops, ops);
        var best = 0;
        for (var k = 1; k < ops; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return (Nb201Operation)best;
    }
}

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

    /// <summary>The [1, 1] entry (edge, op) of a [6, 5] tensor, keeping the graph (broadcasts over [N, C, H, W]).</summary>
    public static Tensor Entry(Tensor table, int edge, Nb201Operation op) =>
        Ops.Slice(Ops.Slice(table, 0, edge, 1), 1, (int)op, 1);

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

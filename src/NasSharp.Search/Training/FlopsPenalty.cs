using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// A differentiable resource term for the architecture loss (DSNAS, Hu et al. 2020, section 3.4; SNAS's resource
/// constraint): lambda * sum over tables and rows of
/// p(row) . FLOPs(row) / reference, with p = softmax of the row's logits, the FLOPs table of
/// <see cref="ChoiceSupernet.ChoiceFlops"/> and the reference the sum of every row's most expensive choice, so the term
/// lies in [0, lambda] and its gradient pushes each row toward cheaper choices.
/// </summary>
public sealed class FlopsPenalty
{
    private readonly float[][] normalized;

    public FlopsPenalty(ChoiceSupernet supernet, int imageSize, float weight)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        if (!(weight >= 0) || !float.IsFinite(weight))
        {
            throw new ArgumentException($"FlopsPenalty: weight {weight} must be non-negative.");
        }

        var tables = supernet.ChoiceFlops(imageSize);
        ReferenceFlops = tables.Select((t, g) => Enumerable.Range(0, supernet.Shapes[g].Rows).Sum(r => t.Skip(r * supernet.Shapes[g].Choices).Take(supernet.Shapes[g].Choices).Max())).Sum();
        normalized = tables.Select(t => t.Select(f => (float)(f / ReferenceFlops)).ToArray()).ToArray();
        Weight = weight;
    }

    public float Weight { get; }

    /// <summary>Sum over every row of its most expensive choice's FLOPs.</summary>
    public double ReferenceFlops { get; }

    /// <summary>The penalty for the logits tables within <paramref name="mask"/>: p = softmax of the open choices (differentiable with respect to the logits).</summary>
    public Tensor Term(ChoiceTables tables, ChoiceMask mask)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(mask);
        Tensor? sum = null;
        for (var g = 0; g < tables.Tables.Count; g++)
        {
            var t = tables.Tables[g];
            var term = Ops.Sum(Ops.Multiply(Ops.Softmax(mask.Masked(t, g), axis: 1), Tensor.FromArray(normalized[g], t.Shape.ToArray())));
            sum = sum == null ? term : Ops.Add(sum, term);
        }

        return Ops.Scale(sum!, Weight);
    }
}

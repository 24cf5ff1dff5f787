using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// The architecture parameters of a choice supernet: one logits table [rows, choices] per group, persistent leaves
/// that require gradients. Helpers read a table's entry with the graph kept, and the per-row argmax.
/// </summary>
public sealed class ChoiceTables
{
    public ChoiceTables(IReadOnlyList<(int Rows, int Choices)> shapes, Random random, float scale = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(random);
        if (shapes.Count == 0 || shapes.Any(s => s.Rows <= 0 || s.Choices <= 1))
        {
            throw new ArgumentException($"ChoiceTables: need at least one table of positive rows and at least two choices, got [{string.Join(", ", shapes)}].");
        }

        Tables = shapes.Select(s =>
        {
            var t = Tensor.Persistent(new TensorShape(s.Rows, s.Choices));
            for (var i = 0; i < t.Count; i++)
            {
                t.Data[i] = scale * (float)(Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            return t.WithGrad();
        }).ToArray();
    }

    /// <summary>The logits tables [rows, choices], one per group.</summary>
    public IReadOnlyList<Tensor> Tables { get; }

    /// <summary>Every table's softmax over the choices open in <paramref name="mask"/> (all when null), row-major, one array per group.</summary>
    public float[][] Probabilities(ChoiceMask? mask = null)
    {
        using var noGrad = new NoGradScope();
        using var scope = new TensorScope();
        return Tables.Select((t, g) => Ops.Softmax(mask == null ? t : mask.Masked(t, g), axis: 1).ToArray()).ToArray();
    }

    /// <summary>The logits, one row-major array per group (for records and checkpoints).</summary>
    public float[][] Logits() => Tables.Select(t => t.ToArray()).ToArray();

    /// <summary>Copies every table's values from <paramref name="source"/> (same shapes), keeping this object's tensors.</summary>
    public void CopyFrom(ChoiceTables source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Tables.Count != Tables.Count || source.Tables.Where((t, g) => t.Count != Tables[g].Count).Any())
        {
            throw new ArgumentException("ChoiceTables: the source tables have other shapes.");
        }

        for (var g = 0; g < Tables.Count; g++)
        {
            source.Tables[g].Data.CopyTo(Tables[g].Data);
        }
    }

    /// <summary>The strongest choice of every row of every group.</summary>
    public int[][] ArgMax() => Probabilities().Select((p, g) => Enumerable.Range(0, Tables[g].Shape[0]).Select(r => ArgMaxRow(p, r, Tables[g].Shape[1])).ToArray()).ToArray();

    /// <summary><paramref name="output"/> scaled by entry (row, choice) of the [rows, choices] <paramref name="table"/>, keeping the graph to both.</summary>
    public static Tensor Scaled(Tensor output, Tensor table, int row, int choice) => Ops.WeightedSum([output], table, [(row * table.Shape[1]) + choice]);

    /// <summary>
    /// The mixed layer: sum over the open choices of <paramref name="layer"/> of table[row, k] * choice_k(input), one
    /// fused <see cref="Ops.WeightedSum"/> (closed choices and choices that output nothing are skipped: their weight is 0
    /// or their output is 0); null when none contributes.
    /// </summary>
    public static Tensor? Mix(IChoiceLayer layer, Tensor input, Tensor table, ChoiceMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(table);
        var terms = new List<Tensor>(layer.ChoiceCount);
        var indices = new int[layer.ChoiceCount];
        for (var k = 0; k < layer.ChoiceCount; k++)
        {
            if (mask.IsOpen(layer.Group, layer.Position, k) && layer.Run(k, input) is { } output)
            {
                indices[terms.Count] = (layer.Position * table.Shape[1]) + k;
                terms.Add(output);
            }
        }

        if (terms.Count == 0)
        {
            return null;
        }

        var mixed = Ops.WeightedSum(terms, table, indices.AsSpan(0, terms.Count));

        // An operation's output that the sum's backward pass does not read (fixed weights) and that ends in an op
        // which does not read its output (batch norm) goes back to the pool now, as PyTorch frees op(x) in w * op(x).
        foreach (var term in terms)
        {
            if (!ReferenceEquals(term, input))
            {
                term.TryReleaseEarly();
            }
        }

        return mixed;
    }

    /// <summary>The index of the largest value of row <paramref name="row"/> (first on ties).</summary>
    public static int ArgMaxRow(ReadOnlySpan<float> values, int row, int choices)
    {
        var r = values.Slice(row * choices, choices);
        var best = 0;
        for (var k = 1; k < r.Length; k++)
        {
            best = r[k] > r[best] ? k : best;
        }

        return best;
    }
}

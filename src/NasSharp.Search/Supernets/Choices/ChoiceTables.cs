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

    /// <summary>Every table's softmax, row-major, one array per group.</summary>
    public float[][] Probabilities()
    {
        using var noGrad = new NoGradScope();
        using var scope = new TensorScope();
        return Tables.Select(t => Ops.Softmax(t, axis: 1).ToArray()).ToArray();
    }

    /// <summary>The strongest choice of every row of every group.</summary>
    public int[][] ArgMax() => Probabilities().Select((p, g) => Enumerable.Range(0, Tables[g].Shape[0]).Select(r => ArgMaxRow(p, r, Tables[g].Shape[1])).ToArray()).ToArray();

    /// <summary>Entry (row, choice) of a [rows, choices] tensor as [1, 1], keeping the graph (broadcasts over [N, C, H, W]).</summary>
    public static Tensor Entry(Tensor table, int row, int choice) => Ops.Slice(Ops.Slice(table, 0, row, 1), 1, choice, 1);

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

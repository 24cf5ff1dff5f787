using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// DSNAS (Hu et al., CVPR 2020) for choice supernets, as <see cref="Policies.DsnasPolicy"/> for NAS-Bench-201: every
/// forward pass samples one choice per table row from softmax(log alpha), runs only it, scaled by Z (a one-hot leaf
/// whose gradient holds the credit dL/dZ_s, summed over the layers sharing the row); <see cref="BackwardArchitecture"/>
/// adds credit * (onehot(s) - p) to the logits' gradients.
/// </summary>
public sealed class DsnasChoicePolicy(ChoiceTables tables, Random random) : IChoicePolicy
{
    private Tensor[]? z;
    private int[][]? chosen;

    public ChoiceTables Tables { get; } = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>The sampled choice per group and row of the latest forward pass.</summary>
    public IReadOnlyList<int[]> Chosen => chosen ?? throw new InvalidOperationException("DsnasChoicePolicy: no forward pass has run.");

    public void BeginForward()
    {
        var probabilities = Tables.Probabilities();
        chosen = new int[Tables.Tables.Count][];
        z = new Tensor[Tables.Tables.Count];
        for (var g = 0; g < z.Length; g++)
        {
            var (rows, choices) = (Tables.Tables[g].Shape[0], Tables.Tables[g].Shape[1]);
            z[g] = Tensor.Persistent(Tables.Tables[g].Shape);
            chosen[g] = new int[rows];
            for (var r = 0; r < rows; r++)
            {
                chosen[g][r] = Draw(probabilities[g].AsSpan(r * choices, choices));
                z[g].Data[(r * choices) + chosen[g][r]] = 1f;
            }

            z[g].RequiresGrad = true;
        }
    }

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var sample = (z ?? throw new InvalidOperationException("DsnasChoicePolicy: BeginForward was not called."))[layer.Group];
        var k = chosen![layer.Group][layer.Position];
        return layer.Run(k, input) is { } output ? ChoiceTables.Scaled(output, sample, layer.Position, k) : null;
    }

    /// <summary>After the task loss's backward pass: back-propagates sum over rows of credit * log p(s) into the logits.</summary>
    public void BackwardArchitecture()
    {
        var samples = z ?? throw new InvalidOperationException("DsnasChoicePolicy: no forward pass has run.");
        for (var g = 0; g < samples.Length; g++)
        {
            var table = Tables.Tables[g];
            var weights = new float[table.Count];
            if (samples[g].Grad is { } grad)
            {
                for (var r = 0; r < chosen![g].Length; r++)
                {
                    var i = (r * table.Shape[1]) + chosen[g][r];
                    weights[i] = grad.Data[i];
                }
            }

            Ops.Sum(Ops.Multiply(Ops.LogSoftmax(table, axis: 1), Tensor.FromArray(weights, table.Shape.ToArray()))).Backward();
        }
    }

    private int Draw(ReadOnlySpan<float> p)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        for (var k = 0; k < p.Length; k++)
        {
            cumulative += p[k];
            if (u < cumulative)
            {
                return k;
            }
        }

        return p.Length - 1;
    }
}

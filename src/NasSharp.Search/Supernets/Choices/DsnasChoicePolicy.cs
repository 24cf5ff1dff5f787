using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// DSNAS (Hu et al., CVPR 2020, section 3): every forward pass samples one open choice s per table row from
/// p = softmax(log alpha) (a hard one-hot Z; a Gumbel-max sample has exactly this law), runs only s, and multiplies its
/// output by Z_s, whose value is 1 but which is a leaf that records dL/dZ_s: the credit of the chosen choice (summed over
/// the layers sharing the row). After the task loss's backward pass, <see cref="BackwardArchitecture"/> adds the paper's
/// low-biased Monte-Carlo gradient credit * d log p(Z) / d log alpha = credit * (onehot(s) - p) per row to the logits'
/// gradients. Closed choices of a few-shot sub-supernet are never drawn.
/// </summary>
public sealed class DsnasChoicePolicy(ChoiceTables tables, Random random) : IChoicePolicy
{
    private Tensor[]? z;
    private int[][]? chosen;
    private ChoiceMask? mask;

    public ChoiceTables Tables { get; } = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>The sampled choice per group and row of the latest forward pass.</summary>
    public IReadOnlyList<int[]> Chosen => chosen ?? throw new InvalidOperationException("DsnasChoicePolicy: no forward pass has run.");

    /// <summary>The one-hot samples of the latest forward pass (persistent leaves whose gradients hold the credits).</summary>
    public IReadOnlyList<Tensor>? Z => z;

    public void BeginForward(ChoiceMask mask)
    {
        this.mask = mask ?? throw new ArgumentNullException(nameof(mask));
        var probabilities = Probabilities(mask);
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

            Ops.Sum(Ops.Multiply(Ops.LogSoftmax(mask!.Masked(table, g), axis: 1), Tensor.FromArray(weights, table.Shape.ToArray()))).Backward();
        }
    }

    private float[][] Probabilities(ChoiceMask mask)
    {
        using var noGrad = new NoGradScope();
        using var scope = new TensorScope();
        return Tables.Tables.Select((t, g) => Ops.Softmax(mask.Masked(t, g), axis: 1).ToArray()).ToArray();
    }

    // Inverse-CDF draw; rounding that leaves u above the float sum falls to the last choice with positive probability.
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

        var last = p.Length - 1;
        while (last > 0 && p[last] <= 0)
        {
            last--;
        }

        return last;
    }
}

using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// Random path dropout (Bender et al., ICML 2018, section 3.1): every layer call drops each open choice independently
/// with probability <see cref="DropRate"/>, keeping at least one, and outputs the sum of the kept choices. Masks are
/// drawn per layer call, so layers sharing a row see different masks, as in the paper. The trainer ramps
/// <see cref="DropRate"/> up during training.
/// </summary>
public sealed class PathDropoutChoicePolicy(Random random, double dropRate = 0.0) : IChoicePolicy
{
    private ChoiceMask? mask;

    /// <summary>Probability of dropping each choice, in [0, 1).</summary>
    public double DropRate { get; set; } = dropRate is >= 0 and < 1 ? dropRate : throw new ArgumentOutOfRangeException(nameof(dropRate), dropRate, "PathDropoutChoicePolicy: drop rate must be in [0, 1).");

    public void BeginForward(ChoiceMask mask) => this.mask = mask ?? throw new ArgumentNullException(nameof(mask));

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var open = (mask ?? throw new InvalidOperationException("PathDropoutChoicePolicy: BeginForward was not called.")).Open(layer.Group, layer.Position);
        Span<bool> keep = stackalloc bool[open.Length];
        var kept = 0;
        for (var k = 0; k < open.Length; k++)
        {
            keep[k] = random.NextDouble() >= DropRate;
            kept += keep[k] ? 1 : 0;
        }

        if (kept == 0)
        {
            keep[random.Next(open.Length)] = true;
        }

        var outputs = new List<Tensor>(open.Length);
        for (var k = 0; k < open.Length; k++)
        {
            if (keep[k] && layer.Run(open[k], input) is { } output)
            {
                outputs.Add(output);
            }
        }

        return outputs.Count > 0 ? Ops.AddN(outputs) : null;
    }
}

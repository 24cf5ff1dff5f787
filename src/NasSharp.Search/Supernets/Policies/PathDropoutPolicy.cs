using NasSharp.NN.Operations.Nb201;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Policies;

/// <summary>
/// Random path dropout (Bender et al., ICML 2018, section 3.1): every forward pass drops each open candidate
/// of each edge independently with probability <see cref="DropRate"/>, keeping at least one per edge, and the
/// edge outputs the sum of the kept candidates. The trainer ramps <see cref="DropRate"/> up during training.
/// Masks are drawn per edge call, so different cells see different masks, as in the paper.
/// </summary>
public sealed class PathDropoutPolicy(Random random, double dropRate = 0.0) : IEdgePolicy
{
    private SupernetEdgeSpace? space;

    /// <summary>Probability of dropping each candidate, in [0, 1).</summary>
    public double DropRate { get; set; } = dropRate is >= 0 and < 1 ? dropRate : throw new ArgumentOutOfRangeException(nameof(dropRate), dropRate, "PathDropoutPolicy: drop rate must be in [0, 1).");

    public void BeginForward(SupernetEdgeSpace space) => this.space = space;

    public Tensor? Forward(MixedEdge edge, Tensor input)
    {
        var open = (space ?? throw new InvalidOperationException("PathDropoutPolicy: BeginForward was not called.")).Allowed(edge.Position);
        Span<bool> keep = stackalloc bool[open.Count];
        var kept = 0;
        for (var k = 0; k < open.Count; k++)
        {
            keep[k] = random.NextDouble() >= DropRate;
            kept += keep[k] ? 1 : 0;
        }

        if (kept == 0)
        {
            keep[random.Next(open.Count)] = true;
        }

        var outputs = new List<Tensor>(open.Count);
        for (var k = 0; k < open.Count; k++)
        {
            if (keep[k] && edge.Run(open[k], input) is { } output)
            {
                outputs.Add(output);
            }
        }

        return outputs.Count > 0 ? Ops.AddN(outputs) : null;
    }
}

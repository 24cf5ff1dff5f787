using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Policies;

/// <summary>
/// Single-path uniform sampling (SPOS, Guo et al., ECCV 2020): every forward pass samples one open operation
/// per edge uniformly, shared by all cells, and runs only that path.
/// </summary>
public sealed class UniformSamplingPolicy(Random random) : IEdgePolicy
{
    private readonly Nb201Operation[] current = new Nb201Operation[Nb201CellWiring.EdgeCount];

    /// <summary>The path sampled for the latest forward pass.</summary>
    public Nb201Genotype CurrentPath => Nb201Genotype.FromOps(current);

    public void BeginForward(SupernetEdgeSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        for (var e = 0; e < space.EdgeCount; e++)
        {
            var open = space.Allowed(e);
            current[e] = open[random.Next(open.Count)];
        }
    }

    public Tensor? Forward(MixedEdge edge, Tensor input) => edge.Run(current[edge.Position], input);
}

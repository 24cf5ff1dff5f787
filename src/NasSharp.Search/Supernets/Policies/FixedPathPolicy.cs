using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Policies;

/// <summary>
/// One given path: each edge runs only the operation the genotype names (one-shot evaluation with
/// inherited weights, Bender et al. 2018: the paths outside the candidate are zeroed out).
/// </summary>
public sealed class FixedPathPolicy(Nb201Genotype path) : IEdgePolicy
{
    /// <summary>The architecture being run; settable between forward passes.</summary>
    public Nb201Genotype Path { get; set; } = path;

    public void BeginForward(SupernetEdgeSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        for (var e = 0; e < space.EdgeCount; e++)
        {
            if (!space.IsAllowed(e, Path[e]))
            {
                throw new ArgumentException($"Supernet: architecture {Path} is outside this sub-supernet (edge {e} does not allow {Nb201Operations.Name(Path[e])}).");
            }
        }
    }

    public Tensor? Forward(MixedEdge edge, Tensor input) => edge.Run(Path[edge.Position], input);
}

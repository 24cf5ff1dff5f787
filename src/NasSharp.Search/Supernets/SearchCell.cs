using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets;

/// <summary>A NAS-Bench-201 cell whose six edges are <see cref="MixedEdge"/>s.</summary>
public sealed class SearchCell : Module
{
    private readonly ModuleList<MixedEdge> edges;

    internal SearchCell(Func<IChoicePolicy> policy, int channels, BatchNormOptions batchNorm, Random random)
    {
        edges = RegisterModule("edges", new ModuleList<MixedEdge>());
        for (var e = 0; e < Nb201CellWiring.EdgeCount; e++)
        {
            edges.Add(new MixedEdge(policy, e, channels, batchNorm, random));
        }
    }

    /// <summary>The compound edges, in benchmark order.</summary>
    public IReadOnlyList<MixedEdge> Edges => edges.Items;

    public override Tensor Forward(Tensor input) => Nb201CellWiring.Forward(input, (e, x) => edges[e].ForwardOrSkip(x));
}

using System.Runtime.InteropServices;
using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Darts;

/// <summary>
/// The DARTS search cell (Cell of model_search.py): preprocessed inputs (non-affine), four nodes each summing the
/// mixed edges from every earlier state (14 edges), output the concatenation of the four nodes. A node none of whose
/// edges contributes (possible under a hard sample) is zeros.
/// </summary>
public sealed class DartsSearchCell : Module
{
    private readonly Module preprocess0;
    private readonly Module preprocess1;
    private readonly ModuleList<DartsMixedOp> edges;

    internal DartsSearchCell(int channelsPrevPrev, int channelsPrev, int channels, bool reduction, bool reductionPrev, Func<IChoicePolicy> policy, Random random)
    {
        Reduction = reduction;
        preprocess0 = RegisterModule<Module>("preprocess0", reductionPrev
            ? new FactorizedReduce(channelsPrevPrev, channels, random, BatchNormOptions.NonAffine)
            : new ReluConvBn(channelsPrevPrev, channels, 1, random, padding: 0, batchNorm: BatchNormOptions.NonAffine));
        preprocess1 = RegisterModule("preprocess1", new ReluConvBn(channelsPrev, channels, 1, random, padding: 0, batchNorm: BatchNormOptions.NonAffine));
        edges = RegisterModule("_ops", new ModuleList<DartsMixedOp>());
        for (var node = 0; node < DartsGenotype.Nodes; node++)
        {
            for (var input = 0; input < node + 2; input++)
            {
                edges.Add(new DartsMixedOp(edges.Count, reduction, channels, reduction && input < 2 ? 2 : 1, policy, random));
            }
        }
    }

    public bool Reduction { get; }

    public override Tensor Forward(Tensor input) => Forward(input, input);

    public Tensor Forward(Tensor s0, Tensor s1)
    {
        var states = new List<Tensor> { preprocess0.Forward(s0), preprocess1.Forward(s1) };
        var e = 0;
        for (var node = 0; node < DartsGenotype.Nodes; node++)
        {
            var contributions = new List<Tensor>(node + 2);
            for (var input = 0; input < node + 2; input++, e++)
            {
                if (edges[e].ForwardOrSkip(states[input]) is { } h)
                {
                    contributions.Add(h);
                }
            }

            states.Add(contributions.Count > 0 ? Ops.AddN(contributions) : new Zero(Reduction ? 2 : 1).Forward(states[1]));
            Nb201CellWiring.ReleaseSummed(contributions, CollectionsMarshal.AsSpan(states));
        }

        return Ops.Concat(states.Skip(2).ToList(), 1);
    }
}

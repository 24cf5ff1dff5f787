using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Darts;

/// <summary>
/// One cell of a DARTS evaluation network (Cell of the DARTS code's model.py): the two inputs are preprocessed to C
/// channels ("preprocess0": factorized reduce after a reduction cell, else ReLU-conv1x1-BN; "preprocess1":
/// ReLU-conv1x1-BN), then each node adds its two operations (stride 2 on edges from the inputs in a reduction cell)
/// and the cell concatenates the concat states: <c>multiplier</c> x C channels. Non-identity operations go through
/// drop path in training.
/// </summary>
public sealed class DartsCell : Module
{
    private readonly Module preprocess0;
    private readonly Module preprocess1;
    private readonly ModuleList<Module> ops;
    private readonly DartsEdge[] edges;
    private readonly IReadOnlyList<int> concat;

    public DartsCell(DartsGenotype genotype, int channelsPrevPrev, int channelsPrev, int channels, bool reduction, bool reductionPrev, Random random)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        Reduction = reduction;
        preprocess0 = RegisterModule<Module>("preprocess0", reductionPrev
            ? new FactorizedReduce(channelsPrevPrev, channels, random)
            : new ReluConvBn(channelsPrevPrev, channels, 1, random, padding: 0));
        preprocess1 = RegisterModule("preprocess1", new ReluConvBn(channelsPrev, channels, 1, random, padding: 0));
        edges = [.. reduction ? genotype.Reduce : genotype.Normal];
        concat = reduction ? genotype.ReduceConcat : genotype.NormalConcat;
        ops = RegisterModule("_ops", new ModuleList<Module>());
        foreach (var edge in edges)
        {
            ops.Add(DartsOperations.Create(edge.Op, channels, reduction && edge.Input < 2 ? 2 : 1, BatchNormOptions.Default, random));
        }
    }

    public bool Reduction { get; }

    /// <summary>Output channels over C.</summary>
    public int Multiplier => concat.Count;

    /// <summary>A cell takes two inputs; use <see cref="Forward(Tensor, Tensor, float, Random)"/>.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, input, 0f, null);

    /// <summary>The cell on the previous two cells' outputs, with drop path <paramref name="dropPath"/> in training.</summary>
    public Tensor Forward(Tensor s0, Tensor s1, float dropPath, Random? random)
    {
        var states = new List<Tensor> { preprocess0.Forward(s0), preprocess1.Forward(s1) };
        for (var node = 0; node < DartsGenotype.Nodes; node++)
        {
            var h1 = Branch(2 * node, states, dropPath, random);
            var h2 = Branch((2 * node) + 1, states, dropPath, random);
            states.Add(Ops.Add(h1, h2));
        }

        return Ops.Concat(concat.Select(i => states[i]).ToList(), 1);
    }

    private Tensor Branch(int k, List<Tensor> states, float dropPath, Random? random)
    {
        var h = ops[k].Forward(states[edges[k].Input]);
        return IsTraining && dropPath > 0 && ops[k] is not Identity ? DropPath.Apply(h, dropPath, random ?? throw new InvalidOperationException("DartsCell: drop path needs a random source.")) : h;
    }
}

using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Onnx.Proto;
using NasSharp.Search.Networks;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Darts;

namespace NasSharp.Onnx;

/// <summary>
/// The networks' wiring, mirroring their Forward methods: Nb201Skeleton with Nb201CellWiring and
/// ResidualReductionBlock; DartsNetwork and DartsCell (evaluation mode: no drop path, no auxiliary head) with
/// FactorizedReduce; ChainNetwork with ShuffleBlock.
/// </summary>
public sealed partial class OnnxExporter
{
    /// <summary>Stem, cells, BN + ReLU, global pooling, classifier (Nb201Skeleton.Forward).</summary>
    private string EmitNb201Network(Nb201Network network, string prefix, string x)
    {
        var y = Emit(Required(network, "stem"), Join(prefix, "stem"), x);
        var cells = (ModuleList<Module>)Required(network, "cells");
        for (var i = 0; i < cells.Count; i++)
        {
            y = Emit(cells[i], Join(prefix, $"cells.{i}"), y);
        }

        y = graph.Add("Relu", [Emit(Required(network, "lastact"), Join(prefix, "lastact"), y)]);
        return Emit(Required(network, "classifier"), Join(prefix, "classifier"), GlobalAveragePool(y));
    }

    /// <summary>Node j = sum over i &lt; j of edge(i -> j)(node i), <c>none</c> edges left out; a node with no edge is zeros (Nb201CellWiring).</summary>
    private string EmitNb201Cell(Nb201GenotypeCell cell, string prefix, string x)
    {
        var layers = (ModuleList<Module>)Required(cell, "layers");
        var nodes = new string[4];
        nodes[0] = x;
        var e = 0;
        for (var j = 1; j < 4; j++)
        {
            var terms = new List<string>();
            for (var i = 0; i < j; i++, e++)
            {
                if (cell.Genotype[e] != Nb201Operation.None)
                {
                    terms.Add(Emit(layers[e], Join(prefix, $"layers.{e}"), nodes[i]));
                }
            }

            nodes[j] = terms.Count switch
            {
                0 => ZeroLike(x, 1),
                1 => terms[0],
                _ => graph.Add("Sum", terms),
            };
        }

        return nodes[3];
    }

    /// <summary>conv_b(conv_a(x)) + downsample(x).</summary>
    private string EmitResidualReduction(Module block, string prefix, string x)
    {
        var main = Emit(Required(block, "conv_b"), Join(prefix, "conv_b"), Emit(Required(block, "conv_a"), Join(prefix, "conv_a"), x));
        return graph.Add("Add", [main, Emit(Required(block, "downsample"), Join(prefix, "downsample"), x)]);
    }

    /// <summary>Stem, the cells on the previous two outputs, global pooling, classifier; the auxiliary head is a training device and is left out.</summary>
    private string EmitDartsNetwork(DartsNetwork network, string prefix, string x)
    {
        var s0 = Emit(Required(network, "stem"), Join(prefix, "stem"), x);
        var s1 = s0;
        var cells = (ModuleList<DartsCell>)Required(network, "cells");
        for (var i = 0; i < cells.Count; i++)
        {
            (s0, s1) = (s1, EmitDartsCell(cells[i], network.Genotype, Join(prefix, $"cells.{i}"), s0, s1));
        }

        return Emit(Required(network, "classifier"), Join(prefix, "classifier"), GlobalAveragePool(s1));
    }

    /// <summary>Preprocess both inputs, each node the sum of its two edges, concatenate the concat states (DartsCell.Forward).</summary>
    private string EmitDartsCell(DartsCell cell, DartsGenotype genotype, string prefix, string s0, string s1)
    {
        var edges = cell.Reduction ? genotype.Reduce : genotype.Normal;
        var concat = cell.Reduction ? genotype.ReduceConcat : genotype.NormalConcat;
        var ops = (ModuleList<Module>)Required(cell, "_ops");
        var states = new List<string>
        {
            Emit(Required(cell, "preprocess0"), Join(prefix, "preprocess0"), s0),
            Emit(Required(cell, "preprocess1"), Join(prefix, "preprocess1"), s1),
        };
        for (var k = 0; k < edges.Count; k += 2)
        {
            var h1 = Emit(ops[k], Join(prefix, $"_ops.{k}"), states[edges[k].Input]);
            var h2 = Emit(ops[k + 1], Join(prefix, $"_ops.{k + 1}"), states[edges[k + 1].Input]);
            states.Add(graph.Add("Add", [h1, h2]));
        }

        return graph.Add("Concat", [.. concat.Select(i => states[i])], OnnxAttributeProto.Int("axis", 1));
    }

    /// <summary>ReLU; conv_1 on it and conv_2 on it shifted by one pixel (pad bottom/right, drop the first row and column); concat; BN.</summary>
    private string EmitFactorizedReduce(Module module, string prefix, string x)
    {
        var relu = graph.Add("Relu", [x]);
        var padded = graph.Add("Pad", [relu, graph.Int64s("pad_bottom_right", 0, 0, 0, 0, 0, 0, 1, 1)]);
        var shifted = graph.Add("Slice", [padded, graph.Int64s("one_starts", 1, 1), graph.Int64s("ends_max", long.MaxValue, long.MaxValue), graph.Int64s("axes_hw", 2, 3)]);
        var a = Emit(Required(module, "conv_1"), Join(prefix, "conv_1"), relu);
        var b = Emit(Required(module, "conv_2"), Join(prefix, "conv_2"), shifted);
        return Emit(Required(module, "bn"), Join(prefix, "bn"), graph.Add("Concat", [a, b], OnnxAttributeProto.Int("axis", 1)));
    }

    /// <summary>Stem, the blocks, the last 1x1 conv, global pooling, classifier (ChainNetwork.Forward).</summary>
    private string EmitChainNetwork(ChainNetwork network, string prefix, string x)
    {
        var y = Emit(Required(network, "stem"), Join(prefix, "stem"), x);
        var features = (ModuleList<ShuffleBlock>)Required(network, "features");
        for (var i = 0; i < features.Count; i++)
        {
            y = Emit(features[i], Join(prefix, $"features.{i}"), y);
        }

        y = Emit(Required(network, "conv_last"), Join(prefix, "conv_last"), y);
        return Emit(Required(network, "classifier"), Join(prefix, "classifier"), GlobalAveragePool(y));
    }

    /// <summary>Stride 2: concat(projection, main); stride 1: concat(first half, main(second half)); then shuffle in 2 groups.</summary>
    private string EmitShuffle(ShuffleBlock block, string prefix, string x)
    {
        var main = Required(block, "branch_main");
        var mainOut = main.Modules().OfType<BatchNorm2d>().Last().Channels;
        string joined;
        int channels;
        if (Child(block, "branch_proj") is { } projection)
        {
            joined = graph.Add("Concat", [Emit(projection, Join(prefix, "branch_proj"), x), Emit(main, Join(prefix, "branch_main"), x)], OnnxAttributeProto.Int("axis", 1));
            channels = projection.Modules().OfType<BatchNorm2d>().Last().Channels + mainOut;
        }
        else
        {
            var halves = graph.AddMany("Split", [x], 2, OnnxAttributeProto.Int("axis", 1));
            joined = graph.Add("Concat", [halves[0], Emit(main, Join(prefix, "branch_main"), halves[1])], OnnxAttributeProto.Int("axis", 1));
            channels = 2 * mainOut;
        }

        return ChannelShuffle(joined, channels, 2);
    }
}

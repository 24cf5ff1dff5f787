using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Search.Spaces;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets;

/// <summary>
/// The NAS-Bench-201 macro skeleton (Dong &amp; Yang 2020), written once for the supernet and stand-alone networks: a
/// 3x3 stem conv + BN, three stages of N cells at C, 2C, 4C with a residual reduction block between stages, then BN,
/// ReLU, global average pooling and a linear classifier. Its owner registers the modules under AutoDL's TinyNetwork
/// names (stem, cells.K, lastact, classifier) so weights map onto the reference implementation.
/// </summary>
internal sealed class Nb201Backbone
{
    private readonly Sequential stem;
    private readonly ModuleList<Module> cells;
    private readonly BatchNorm2d lastBatchNorm;
    private readonly Linear classifier;
    private readonly Nb201SupernetOptions options;

    /// <summary>Builds the skeleton; <paramref name="register"/> is the owner's RegisterModule.</summary>
    public Nb201Backbone(Nb201SupernetOptions options, Func<int, Module> createCell, Random random, Func<string, Module, Module> register)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createCell);
        options.Validate();
        this.options = options;
        var c = options.Channels;
        stem = (Sequential)register("stem", new Sequential(new Conv2d(options.InputChannels, c, 3, random, padding: 1, bias: false), new BatchNorm2d(c)));
        cells = (ModuleList<Module>)register("cells", new ModuleList<Module>());
        for (var stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                cells.Add(new ResidualReductionBlock(c, c * 2, random));
                c *= 2;
            }

            for (var n = 0; n < options.CellsPerStage; n++)
            {
                cells.Add(createCell(c));
            }
        }

        lastBatchNorm = (BatchNorm2d)register("lastact", new BatchNorm2d(c));
        classifier = (Linear)register("classifier", new Linear(c, options.Classes, random));
    }

    /// <summary>Images [N, InputChannels, H, W] (H, W divisible by 4) to logits [N, Classes].</summary>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Shape[1] != options.InputChannels)
        {
            throw new ArgumentException($"NAS-Bench-201 network: expected input [N, {options.InputChannels}, H, W], got {input.Shape}.");
        }

        var x = stem.Forward(input);
        foreach (var cell in cells.Items)
        {
            x = cell.Forward(x);
        }

        x = Ops.Relu(lastBatchNorm.Forward(x));
        return classifier.Forward(Ops.GlobalAvgPool2d(x));
    }
}

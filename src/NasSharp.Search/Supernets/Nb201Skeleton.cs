using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Operations.Nb201;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets;

/// <summary>
/// The NAS-Bench-201 macro skeleton shared by the supernet and stand-alone networks; subclasses supply the
/// cell (<see cref="Nb201SupernetOptions"/> documents the layout). Module names follow AutoDL's
/// TinyNetwork (stem, cells.K, lastact, classifier) so weights map onto the reference implementation.
/// </summary>
public abstract class Nb201Skeleton : Module
{
    private readonly Sequential stem;
    private readonly ModuleList<Module> cells;
    private readonly BatchNorm2d lastBatchNorm;
    private readonly Linear classifier;

    protected Nb201Skeleton(Nb201SupernetOptions options, Func<int, Module> createCell, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createCell);
        options.Validate();
        Options = options;
        var c = options.Channels;
        stem = RegisterModule("stem", new Sequential(
            new Conv2d(options.InputChannels, c, 3, random, padding: 1, bias: false),
            new BatchNorm2d(c)));
        cells = RegisterModule("cells", new ModuleList<Module>());
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

        lastBatchNorm = RegisterModule("lastact", new BatchNorm2d(c));
        classifier = RegisterModule("classifier", new Linear(c, options.Classes, random));
    }

    /// <summary>The skeleton's sizes.</summary>
    public Nb201SupernetOptions Options { get; }

    /// <summary>Images [N, InputChannels, H, W] (H, W divisible by 4) to logits [N, Classes].</summary>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Shape[1] != Options.InputChannels)
        {
            throw new ArgumentException($"NAS-Bench-201 network: expected input [N, {Options.InputChannels}, H, W], got {input.Shape}.");
        }

        BeginForward();
        var x = stem.Forward(input);
        foreach (var cell in cells.Items)
        {
            x = cell.Forward(x);
        }

        x = Ops.Relu(lastBatchNorm.Forward(x));
        return classifier.Forward(Ops.GlobalAvgPool2d(x));
    }

    /// <summary>A hook run at the start of every forward pass (the supernet lets its policy sample here).</summary>
    protected virtual void BeginForward()
    {
    }
}

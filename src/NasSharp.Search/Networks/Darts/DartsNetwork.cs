using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Darts;

/// <summary>
/// The network that evaluates a DARTS genotype (NetworkCIFAR, Liu et al. 2019, section 3.2): a 3x3 stem to 3C
/// channels + BN, <see cref="DartsNetworkOptions.Layers"/> stacked cells (reduction cells at 1/3 and 2/3 of the depth
/// double C), global average pooling and a linear classifier; optional auxiliary head and drop path. In training
/// with the auxiliary head on, <see cref="AuxiliaryLogits"/> holds the head's logits of the latest forward pass (the
/// trainer adds 0.4 x its loss, as DARTS does).
/// </summary>
public sealed class DartsNetwork : Module
{
    private readonly Sequential stem;
    private readonly ModuleList<DartsCell> cells;
    private readonly DartsAuxiliaryHead? auxiliary;
    private readonly Linear classifier;
    private readonly int auxiliaryAfter;

    public DartsNetwork(DartsGenotype genotype, DartsNetworkOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Genotype = genotype;
        Options = options;
        ArgumentNullException.ThrowIfNull(random);
        DropPathRandom = random;
        var c = DartsNetworkOptions.StemMultiplier * options.Channels;
        stem = RegisterModule("stem", new Sequential(new Conv2d(options.InputChannels, c, 3, random, padding: 1, bias: false), new BatchNorm2d(c)));
        cells = RegisterModule("cells", new ModuleList<DartsCell>());
        var (prevPrev, prev, current, reductionPrev) = (c, c, options.Channels, false);
        var side = options.ImageSize;
        auxiliaryAfter = 2 * options.Layers / 3;
        var auxiliaryChannels = 0;
        var auxiliarySide = side;
        for (var i = 0; i < options.Layers; i++)
        {
            var reduction = options.IsReduction(i);
            current *= reduction ? 2 : 1;
            side = reduction ? (side + 1) / 2 : side;
            var cell = cells.Add(new DartsCell(genotype, prevPrev, prev, current, reduction, reductionPrev, random));
            (prevPrev, prev, reductionPrev) = (prev, cell.Multiplier * current, reduction);
            if (i == auxiliaryAfter)
            {
                (auxiliaryChannels, auxiliarySide) = (prev, side);
            }
        }

        auxiliary = options.Auxiliary ? RegisterModule("auxiliary_head", new DartsAuxiliaryHead(auxiliaryChannels, options.Classes, auxiliarySide, random)) : null;
        classifier = RegisterModule("classifier", new Linear(prev, options.Classes, random));
    }

    public DartsGenotype Genotype { get; }

    public DartsNetworkOptions Options { get; }

    /// <summary>Drop-path probability of the next training forward passes (DARTS ramps it 0 -> 0.2 linearly over the epochs).</summary>
    public float DropPathProbability { get; set; }

    /// <summary>
    /// The source of the drop-path draws: the initialisation's generator unless a trainer sets its own (DARTS's evaluation
    /// training sets a stream keyed by seed and epoch, so a resumed run draws what the uninterrupted one drew).
    /// </summary>
    public Random DropPathRandom { get; set; }

    /// <summary>The auxiliary head's logits of the latest training forward pass, or null.</summary>
    public Tensor? AuxiliaryLogits { get; private set; }

    /// <summary>Images [N, InputChannels, H, W] to logits [N, Classes].</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Shape[1] != Options.InputChannels)
        {
            throw new ArgumentException($"DARTS network: expected input [N, {Options.InputChannels}, H, W], got {input.Shape}.");
        }

        AuxiliaryLogits = null;
        var s0 = stem.Forward(input);
        var s1 = s0;
        for (var i = 0; i < cells.Count; i++)
        {
            (s0, s1) = (s1, cells[i].Forward(s0, s1, DropPathProbability, DropPathRandom));
            if (i == auxiliaryAfter && auxiliary != null && IsTraining)
            {
                AuxiliaryLogits = auxiliary.Forward(s1);
            }
        }

        return classifier.Forward(Ops.GlobalAvgPool2d(s1));
    }
}

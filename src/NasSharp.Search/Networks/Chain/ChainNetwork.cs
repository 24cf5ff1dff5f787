using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Chain;

/// <summary>
/// The stand-alone network of a chain genotype: the <see cref="ChainSpaceOptions"/> skeleton with one
/// <see cref="ShuffleBlock"/> per layer, the genotype's choice (module names match <see cref="ChainSupernet"/>'s
/// "features.L.choices.K" minus the choice level: "features.L").
/// </summary>
public sealed class ChainNetwork : Module
{
    private readonly Sequential stem;
    private readonly ModuleList<ShuffleBlock> features;
    private readonly Sequential last;
    private readonly Linear classifier;

    public ChainNetwork(ChainGenotype genotype, ChainSpaceOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (genotype.Layers != options.Layers)
        {
            throw new ArgumentException($"ChainNetwork: genotype {genotype} has {genotype.Layers} layers, the space {options.Layers}.");
        }

        Genotype = genotype;
        stem = RegisterModule("stem", new Sequential(new Conv2d(options.InputChannels, options.StemChannels, 3, random, padding: 1, bias: false), new BatchNorm2d(options.StemChannels), new Relu()));
        features = RegisterModule("features", new ModuleList<ShuffleBlock>());
        var layer = 0;
        foreach (var (input, output, stride) in options.LayerShapes())
        {
            features.Add(new ShuffleBlock(genotype.Choices[layer++], input, output, stride, random));
        }

        last = RegisterModule("conv_last", new Sequential(new Conv2d(options.StageChannels[^1], options.LastChannels, 1, random, bias: false), new BatchNorm2d(options.LastChannels), new Relu()));
        classifier = RegisterModule("classifier", new Linear(options.LastChannels, options.Classes, random));
    }

    public ChainGenotype Genotype { get; }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = stem.Forward(input);
        foreach (var block in features.Items)
        {
            x = block.Forward(x);
        }

        return classifier.Forward(Ops.GlobalAvgPool2d(last.Forward(x)));
    }
}

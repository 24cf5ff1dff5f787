using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Chain;

/// <summary>
/// The single-path one-shot supernet of the chain space (SPOS / DSNAS): the skeleton of <see cref="ChainSpaceOptions"/>
/// with every searchable layer a <see cref="ChainLayer"/> holding all four blocks. One architecture table: a row per
/// layer, four choices. With a <see cref="FixedChoicePolicy"/> it runs one child with the weights it inherits.
/// </summary>
public sealed class ChainSupernet : ChoiceSupernet
{
    private readonly Sequential stem;
    private readonly ModuleList<ChainLayer> layers;
    private readonly Sequential last;
    private readonly Linear classifier;

    public ChainSupernet(ChainSpaceOptions options, IChoicePolicy policy, Random random)
        : base(policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        stem = RegisterModule("stem", new Sequential(new Conv2d(options.InputChannels, options.StemChannels, 3, random, padding: 1, bias: false), new BatchNorm2d(options.StemChannels), new Relu()));
        layers = RegisterModule("features", new ModuleList<ChainLayer>());
        var position = 0;
        foreach (var (input, output, stride) in options.LayerShapes())
        {
            layers.Add(new ChainLayer(position++, input, output, stride, () => Policy, random));
        }

        var width = options.StageChannels[^1];
        last = RegisterModule("conv_last", new Sequential(new Conv2d(width, options.LastChannels, 1, random, bias: false), new BatchNorm2d(options.LastChannels), new Relu()));
        classifier = RegisterModule("classifier", new Linear(options.LastChannels, options.Classes, random));
    }

    public ChainSpaceOptions Options { get; }

    public override IReadOnlyList<(int Rows, int Choices)> Shapes => [(Options.Layers, ChainGenotype.ChoiceCount)];

    /// <summary>Images [N, InputChannels, H, W] to logits.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        BeginForward();
        var x = stem.Forward(input);
        foreach (var layer in layers.Items)
        {
            x = layer.Forward(x);
        }

        return classifier.Forward(Ops.GlobalAvgPool2d(last.Forward(x)));
    }

    public override IReadOnlyList<int[]> DerivePath(float[][] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return [Enumerable.Range(0, Options.Layers).Select(r => ChoiceTables.ArgMaxRow(probabilities[0], r, ChainGenotype.ChoiceCount)).ToArray()];
    }

    public override string Describe(IReadOnlyList<int[]> path) => Genotype(path).ToString();

    public override double PathFlops(IReadOnlyList<int[]> path, int imageSize) => ChainCost.ForwardFlops(Genotype(path), Options, imageSize);

    public override double MixedFlops(int imageSize)
    {
        // The skeleton once, plus every open block of every layer.
        var table = ChoiceFlops(imageSize)[0];
        return ChainCost.SkeletonFlops(Options, imageSize)
            + Enumerable.Range(0, Options.Layers).Sum(r => Mask.Open(0, r).Sum(k => table[(r * ChainGenotype.ChoiceCount) + k]));
    }

    public override double[][] ChoiceFlops(int imageSize)
    {
        var table = new double[Options.Layers * ChainGenotype.ChoiceCount];
        double side = imageSize;
        var row = 0;
        foreach (var (input, output, stride) in Options.LayerShapes())
        {
            foreach (var choice in Enum.GetValues<ChainChoice>())
            {
                table[(row * ChainGenotype.ChoiceCount) + (int)choice] = ChainCost.Block(choice, input, output, stride, side).Flops;
            }

            side = stride == 2 ? Math.Ceiling(side / 2) : side;
            row++;
        }

        return [table];
    }

    public override string RowName(int group, int row) => $"layer {row}";

    protected override ChoiceSupernet CreateSibling(IChoicePolicy childPolicy, Random random) => new ChainSupernet(Options, childPolicy, random);

    public override string ChoiceName(int group, int choice) => ChainGenotype.Name((ChainChoice)choice);

    /// <summary>The chain genotype of a path.</summary>
    public static ChainGenotype Genotype(IReadOnlyList<int[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new ChainGenotype(path[0].Select(c => (ChainChoice)c).ToArray());
    }
}

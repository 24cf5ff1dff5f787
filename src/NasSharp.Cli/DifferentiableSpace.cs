using NasSharp.NN;
using NasSharp.Search.Networks;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Cli;

/// <summary>
/// What a differentiable search run needs of its space: the supernet (NAS-Bench-201 cells of --cells per stage; the DARTS
/// search network of 3 x --cells + 2 cells; the chain of ShuffleNetV2 / Xception blocks), and the stand-alone network of a
/// found architecture with its forward FLOPs and whether DARTS's evaluation recipe retrains it.
/// </summary>
internal sealed record DifferentiableSpace(ChoiceSupernet Supernet, Func<string, (Module Network, double Flops)> Standalone)
{
    public static DifferentiableSpace Of(DifferentiableRunOptions options, DifferentiableData data)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        var random = new Random(options.Seed);
        switch (options.Space)
        {
            case "nb201":
            {
                var skeleton = new Nb201SupernetOptions(options.Channels, options.Cells, data.Train.ClassCount, data.Train.Channels);
                var standalone = Nb201Network.StandaloneOptions(options.Channels, options.Cells, data.Train.ClassCount, data.Train.Channels);
                return new DifferentiableSpace(
                    new Nb201Supernet(skeleton, Placeholder(1, 6), random),
                    text => (new Nb201Network(Nb201Genotype.Parse(text), standalone, new Random(options.Seed)), Nb201Cost.ForwardFlops(Nb201Genotype.Parse(text), standalone, data.ImageSize)));
            }

            case "darts":
            {
                var darts = new DartsNetworkOptions(options.Channels, (3 * options.Cells) + 2, data.Train.ClassCount, data.Train.Channels, Auxiliary: false, data.ImageSize);
                var evaluation = darts with { Auxiliary = options.Auxiliary };
                return new DifferentiableSpace(
                    new DartsSearchNetwork(darts, Placeholder(2, 14), random),
                    text => (new DartsNetwork(DartsGenotype.Parse(text), evaluation, new Random(options.Seed)), DartsCost.ForwardFlops(DartsGenotype.Parse(text), evaluation)));
            }

            default:
            {
                var chain = new ChainSpaceOptions { Classes = data.Train.ClassCount, InputChannels = data.Train.Channels };
                return new DifferentiableSpace(
                    new ChainSupernet(chain, Placeholder(1, chain.Layers), random),
                    text => (new ChainNetwork(ChainGenotype.Parse(text), chain, new Random(options.Seed)), ChainCost.ForwardFlops(ChainGenotype.Parse(text), chain, data.ImageSize)));
            }
        }
    }

    // The trainer installs the method's policy before any forward pass.
    private static FixedChoicePolicy Placeholder(int groups, int rows) => new(Enumerable.Range(0, groups).Select(_ => new int[rows]).ToArray());
}

using NasSharp.NN;
using NasSharp.Search.Networks;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;

namespace NasSharp.Search.Models;

/// <summary>
/// Builds the stand-alone network a model card describes, for every space: <see cref="Nb201Network"/> (ordinary
/// batch norm, as the benchmark trains them), <see cref="DartsNetwork"/> and <see cref="ChainNetwork"/>, with the
/// card's sizes, classes and input channels; and their analytic FLOPs. The genotype types stay values; this is
/// the factory.
/// </summary>
public static class ModelNetworks
{
    /// <summary>A freshly initialised network of <paramref name="card"/> (load weights into it, or train it).</summary>
    public static Module Build(ModelCard card, Random random)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(random);
        CheckInput(card);
        return card.Space switch
        {
            ModelSpace.Nb201 => new Nb201Network(Nb201Genotype.Parse(card.Genotype), Nb201Options(card), random),
            ModelSpace.Darts => new DartsNetwork(DartsGenotype.Parse(card.Genotype), DartsOptions(card), random),
            ModelSpace.Chain => new ChainNetwork(ChainGenotype.Parse(card.Genotype), ChainOptions(card), random),
            _ => throw new ArgumentOutOfRangeException(nameof(card), card.Space, "ModelNetworks: unknown space."),
        };
    }

    /// <summary>Forward FLOPs for one image of the card's network (the space's cost model; square images as the models assume).</summary>
    public static double Flops(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        CheckInput(card);
        return card.Space switch
        {
            ModelSpace.Nb201 => Nb201Cost.ForwardFlops(Nb201Genotype.Parse(card.Genotype), Nb201Options(card), card.InputShape[1]),
            ModelSpace.Darts => DartsCost.ForwardFlops(DartsGenotype.Parse(card.Genotype), DartsOptions(card)),
            ModelSpace.Chain => ChainCost.ForwardFlops(ChainGenotype.Parse(card.Genotype), ChainOptions(card), card.InputShape[1]),
            _ => throw new ArgumentOutOfRangeException(nameof(card), card.Space, "ModelNetworks: unknown space."),
        };
    }

    /// <summary>The default sizes of a space's network (NB201 C=16 N=5; DARTS C=36, 20 layers; the chain skeleton's defaults).</summary>
    public static ModelNetworkOptions Defaults(ModelSpace space)
    {
        var chain = new ChainSpaceOptions();
        return space switch
        {
            ModelSpace.Nb201 => new ModelNetworkOptions { Channels = 16, Cells = 5 },
            ModelSpace.Darts => new ModelNetworkOptions { Channels = 36, Layers = 20, Auxiliary = false },
            _ => new ModelNetworkOptions { StemChannels = chain.StemChannels, StageChannels = chain.StageChannels, StageLayers = chain.StageLayers, LastChannels = chain.LastChannels },
        };
    }

    /// <summary>
    /// The sizes of a search's stand-alone network from its skeleton options: NB201 C and N cells per stage; DARTS C and
    /// the 3N + 2 cells its search network stacks; the chain space's fixed skeleton.
    /// </summary>
    public static ModelNetworkOptions Skeleton(ModelSpace space, int channels, int cellsPerStage, bool auxiliary = false) => space switch
    {
        ModelSpace.Nb201 => new ModelNetworkOptions { Channels = channels, Cells = cellsPerStage },
        ModelSpace.Darts => new ModelNetworkOptions { Channels = channels, Layers = (3 * cellsPerStage) + 2, Auxiliary = auxiliary },
        _ => Defaults(space),
    };

    public static Supernets.Nb201SupernetOptions Nb201Options(ModelCard card) =>
        Nb201Network.StandaloneOptions(Require(card.Network.Channels, "channels"), Require(card.Network.Cells, "cells"), card.Classes, card.InputShape[0]);

    public static DartsNetworkOptions DartsOptions(ModelCard card) =>
        new(Require(card.Network.Channels, "channels"), Require(card.Network.Layers, "layers"), card.Classes, card.InputShape[0], card.Network.Auxiliary ?? false, card.InputShape[1]);

    public static ChainSpaceOptions ChainOptions(ModelCard card)
    {
        var defaults = new ChainSpaceOptions();
        return new ChainSpaceOptions
        {
            StemChannels = card.Network.StemChannels ?? defaults.StemChannels,
            StageChannels = card.Network.StageChannels ?? defaults.StageChannels,
            StageLayers = card.Network.StageLayers ?? defaults.StageLayers,
            LastChannels = card.Network.LastChannels ?? defaults.LastChannels,
            Classes = card.Classes,
            InputChannels = card.InputShape[0],
        };
    }

    private static void CheckInput(ModelCard card)
    {
        if (card.InputShape.Count != 3 || card.InputShape.Any(d => d <= 0))
        {
            throw new ArgumentException($"model card: input_shape must be [C, H, W] with positive sizes, got [{string.Join(", ", card.InputShape)}]");
        }
    }

    private static int Require(int? value, string name) =>
        value ?? throw new ArgumentException($"model card: network.{name} is required for this space");
}

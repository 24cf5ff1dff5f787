using NasSharp.Data;
using NasSharp.Search.Models;

namespace NasSharp.Cli;

/// <summary>The model card of the network <c>nas train --task image</c> builds: the genotype, the space's sizes from the options, the dataset's input shape, classes and normalisation.</summary>
internal static class ImageModelCard
{
    public static ModelCard Create(TrainOptions options, ModelSpace space, string genotype, string dataset, ImageDataset train, ChannelNormalization normalization) =>
        ModelCard.ForImages(space, genotype, Network(options, space), train, normalization, dataset);

    private static ModelNetworkOptions Network(TrainOptions options, ModelSpace space)
    {
        var defaults = ModelNetworks.Defaults(space);
        return space switch
        {
            ModelSpace.Nb201 => defaults with { Channels = options.Channels ?? 16, Cells = options.Cells ?? 5 },
            ModelSpace.Darts => defaults with { Channels = options.Channels ?? 16, Layers = options.Cells ?? 8, Auxiliary = options.Recipe == TrainRecipe.Darts },
            _ when options.Channels != null || options.Cells != null => throw new ArgumentException("--channels and --cells do not apply to the chain space (its skeleton's widths are fixed: stem 16, stages 32/64/128, 2 layers each)"),
            _ => defaults,
        };
    }
}

using NasSharp.Search.Networks.Chain;

namespace NasSharp.Search.Spaces.Chain;

/// <summary>
/// Analytic cost of chain-space networks (<see cref="ChainNetwork"/>, or one path of <see cref="ChainSupernet"/>):
/// forward FLOPs for one image (multiply-adds count 2; batch norm, ReLU, shuffles and pooling of the head ignored
/// except the global average, one FLOP per element) and trainable parameters (exact; tested against the modules).
/// </summary>
public static class ChainCost
{
    /// <summary>Forward FLOPs of the network of <paramref name="genotype"/> on square images of side <paramref name="imageSize"/>.</summary>
    public static double ForwardFlops(ChainGenotype genotype, ChainSpaceOptions options, int imageSize) => Walk(genotype, options, imageSize).Flops;

    /// <summary>Trainable parameters of the network of <paramref name="genotype"/>.</summary>
    public static long ParameterCount(ChainGenotype genotype, ChainSpaceOptions options) => Walk(genotype, options, 8).Parameters;

    /// <summary>FLOPs of everything but the searchable layers (stem, last 1x1 conv, pooling, classifier).</summary>
    public static double SkeletonFlops(ChainSpaceOptions options, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        double side = imageSize;
        var stem = 2.0 * options.InputChannels * options.StemChannels * 9 * side * side;
        foreach (var (_, _, stride) in options.LayerShapes())
        {
            side = stride == 2 ? Math.Ceiling(side / 2) : side;
        }

        var pixels = side * side;
        return stem + (2.0 * options.StageChannels[^1] * options.LastChannels * pixels) + (options.LastChannels * pixels) + (2.0 * options.LastChannels * options.Classes);
    }

    /// <summary>FLOPs and parameters of one block; <paramref name="side"/> is its input side.</summary>
    public static (double Flops, long Parameters) Block(ChainChoice choice, int inChannels, int outChannels, int stride, double side)
    {
        var (inPixels, outPixels) = (side * side, Math.Pow(stride == 2 ? Math.Ceiling(side / 2) : side, 2));
        long bi = stride == 1 ? inChannels / 2 : inChannels;
        long bo = stride == 1 ? outChannels / 2 : outChannels - inChannels;
        long mid = outChannels / 2;
        double flops;
        long parameters;
        if (choice == ChainChoice.Xception)
        {
            flops = (2.0 * bi * 9 * outPixels) + (2.0 * bi * mid * outPixels) + (2 * 2.0 * mid * 9 * outPixels) + (2.0 * mid * mid * outPixels) + (2.0 * mid * bo * outPixels);
            parameters = (bi * 9) + (2 * bi) + (bi * mid) + (2 * mid) + (2 * ((mid * 9) + (2 * mid))) + (mid * mid) + (2 * mid) + (mid * bo) + (2 * bo);
        }
        else
        {
            long k = ShuffleBlock.Kernel(choice);
            flops = (2.0 * bi * mid * inPixels) + (2.0 * mid * k * k * outPixels) + (2.0 * mid * bo * outPixels);
            parameters = (bi * mid) + (2 * mid) + (mid * k * k) + (2 * mid) + (mid * bo) + (2 * bo);
        }

        if (stride == 2)
        {
            long k = ShuffleBlock.Kernel(choice);
            flops += (2.0 * inChannels * k * k * outPixels) + (2.0 * inChannels * inChannels * outPixels);
            parameters += (inChannels * k * k) + (2L * inChannels) + ((long)inChannels * inChannels) + (2L * inChannels);
        }

        return (flops, parameters);
    }

    private static (double Flops, long Parameters) Walk(ChainGenotype genotype, ChainSpaceOptions options, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (genotype.Layers != options.Layers)
        {
            throw new ArgumentException($"ChainCost: genotype {genotype} has {genotype.Layers} layers, the space {options.Layers}.");
        }

        var flops = SkeletonFlops(options, imageSize);
        long parameters = (options.InputChannels * options.StemChannels * 9) + (2 * options.StemChannels)
            + ((long)options.StageChannels[^1] * options.LastChannels) + (2 * options.LastChannels) + ((long)options.LastChannels * options.Classes) + options.Classes;
        double side = imageSize;
        var layer = 0;
        foreach (var (input, output, stride) in options.LayerShapes())
        {
            var (f, p) = Block(genotype.Choices[layer++], input, output, stride, side);
            flops += f;
            parameters += p;
            side = stride == 2 ? Math.Ceiling(side / 2) : side;
        }

        return (flops, parameters);
    }
}

using NasSharp.Search.Networks.Darts;

namespace NasSharp.Search.Spaces.Darts;

/// <summary>
/// Analytic cost of DARTS evaluation networks (<see cref="DartsNetwork"/>): forward FLOPs for one image (multiply-adds
/// count 2; one FLOP per pooling-window element; batch norm, ReLU, additions and the auxiliary head, which only runs
/// in training, are left out) and trainable parameters (exact for the modules NasSharp builds; the auxiliary head is
/// left out, as DARTS's count_parameters_in_MB leaves it out).
/// </summary>
public static class DartsCost
{
    /// <summary>Forward FLOPs of the network of <paramref name="genotype"/> for one image.</summary>
    public static double ForwardFlops(DartsGenotype genotype, DartsNetworkOptions options) => Walk(genotype, options).Flops;

    /// <summary>Trainable parameters of the network of <paramref name="genotype"/>, auxiliary head excluded.</summary>
    public static long ParameterCount(DartsGenotype genotype, DartsNetworkOptions options) => Walk(genotype, options).Parameters;

    /// <summary>Forward FLOPs of one operation with C channels whose output is <paramref name="pixels"/> pixels.</summary>
    public static double OpFlops(DartsOperation op, int channels, int stride, double pixels)
    {
        double c = channels;
        return op switch
        {
            DartsOperation.MaxPool3x3 or DartsOperation.AvgPool3x3 => 9 * c * pixels,
            DartsOperation.SkipConnect => stride == 1 ? 0 : 2 * c * c * pixels,
            DartsOperation.SepConv3x3 => 2 * ((2 * c * 9 * pixels) + (2 * c * c * pixels)),
            DartsOperation.SepConv5x5 => 2 * ((2 * c * 25 * pixels) + (2 * c * c * pixels)),
            DartsOperation.DilConv3x3 => (2 * c * 9 * pixels) + (2 * c * c * pixels),
            DartsOperation.DilConv5x5 => (2 * c * 25 * pixels) + (2 * c * c * pixels),
            _ => 0,
        };
    }

    /// <summary>Trainable parameters of one operation with C channels (affine batch norm).</summary>
    public static long OpParameters(DartsOperation op, int channels, int stride)
    {
        long c = channels;
        return op switch
        {
            DartsOperation.SkipConnect => stride == 1 ? 0 : (c * c) + (2 * c),
            DartsOperation.SepConv3x3 => 2 * ((c * 9) + (c * c) + (2 * c)),
            DartsOperation.SepConv5x5 => 2 * ((c * 25) + (c * c) + (2 * c)),
            DartsOperation.DilConv3x3 => (c * 9) + (c * c) + (2 * c),
            DartsOperation.DilConv5x5 => (c * 25) + (c * c) + (2 * c),
            _ => 0,
        };
    }

    private static (double Flops, long Parameters) Walk(DartsGenotype genotype, DartsNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        long stemC = DartsNetworkOptions.StemMultiplier * options.Channels;
        double side = options.ImageSize;
        var flops = 2.0 * options.InputChannels * stemC * 9 * side * side;
        var parameters = (options.InputChannels * stemC * 9) + (2 * stemC);
        var (prevPrev, prev, current) = (stemC, stemC, (long)options.Channels);
        for (var i = 0; i < options.Layers; i++)
        {
            var reduction = options.IsReduction(i);
            current *= reduction ? 2 : 1;
            var inPixels = side * side;
            side = reduction ? Math.Ceiling(side / 2) : side;
            var outPixels = side * side;

            // Both preprocessings map to C channels at the input resolution (factorized reduce: two halves of C / 2).
            flops += (2.0 * prevPrev * current * inPixels) + (2.0 * prev * current * inPixels);
            parameters += (prevPrev * current) + (2 * current) + (prev * current) + (2 * current);
            var edges = reduction ? genotype.Reduce : genotype.Normal;
            foreach (var edge in edges)
            {
                var stride = reduction && edge.Input < 2 ? 2 : 1;
                flops += OpFlops(edge.Op, (int)current, stride, outPixels);
                parameters += OpParameters(edge.Op, (int)current, stride);
            }

            var multiplier = (reduction ? genotype.ReduceConcat : genotype.NormalConcat).Count;
            (prevPrev, prev) = (prev, multiplier * current);
        }

        flops += (prev * side * side) + (2.0 * prev * options.Classes);
        parameters += (prev * options.Classes) + options.Classes;
        return (flops, parameters);
    }
}

using NasSharp.Search.Supernets;

namespace NasSharp.Search.Spaces;

/// <summary>
/// Analytic forward cost of NAS-Bench-201 networks: multiply-adds counted as 2 FLOPs for convolutions and the
/// classifier, one FLOP per window element for average pooling; batch norm, ReLU and additions are ignored
/// (as in the benchmark's own FLOP column, which counts convolutions and linear layers). Parameter counts
/// are exact for the modules NasSharp builds (tested against <c>Module.ParameterCount</c>).
/// </summary>
public static class Nb201Cost
{
    /// <summary>Forward FLOPs for one image through the network of <paramref name="cellOps"/> (per edge, the ops that run; several when mixed).</summary>
    public static double ForwardFlops(Nb201SupernetOptions options, int imageSize, Func<int, IEnumerable<Nb201Operation>> cellOps)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cellOps);
        double c = options.Channels;
        double hw = (double)imageSize * imageSize;
        var flops = 2 * options.InputChannels * c * 9 * hw;
        for (var stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                var outHw = hw / 4;
                flops += (2 * c * 2 * c * 9 * outHw) + (2 * 2 * c * 2 * c * 9 * outHw) + (2 * c * 2 * c * outHw) + (c * hw);
                c *= 2;
                hw = outHw;
            }

            flops += options.CellsPerStage * CellFlops(c, hw, cellOps);
        }

        return flops + (c * hw) + (2 * c * options.Classes);
    }

    /// <summary>Forward FLOPs for one image through the stand-alone network of <paramref name="genotype"/>.</summary>
    public static double ForwardFlops(Nb201Genotype genotype, Nb201SupernetOptions options, int imageSize) =>
        ForwardFlops(options, imageSize, e => [genotype[e]]);

    /// <summary>Forward FLOPs of one edge operation on a C x HW feature map.</summary>
    public static double OpFlops(Nb201Operation op, double channels, double pixels) => op switch
    {
        Nb201Operation.NorConv1x1 => 2 * channels * channels * pixels,
        Nb201Operation.NorConv3x3 => 2 * channels * channels * 9 * pixels,
        Nb201Operation.AvgPool3x3 => 9 * channels * pixels,
        _ => 0,
    };

    private static double CellFlops(double channels, double pixels, Func<int, IEnumerable<Nb201Operation>> cellOps)
    {
        var total = 0.0;
        for (var e = 0; e < Nb201CellWiring.EdgeCount; e++)
        {
            total += cellOps(e).Sum(op => OpFlops(op, channels, pixels));
        }

        return total;
    }

    /// <summary>
    /// FLOPs of each (edge, op) pair summed over every cell of the network, row-major [6, 5] (edge, op): the
    /// cost table behind an expected-FLOPs penalty sum over (e, k) of p(e, k) * table(e, k).
    /// </summary>
    public static double[] EdgeFlopsTable(Nb201SupernetOptions options, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = new double[Nb201CellWiring.EdgeCount * Nb201Operations.All.Count];
        double c = options.Channels;
        double hw = (double)imageSize * imageSize;
        for (var stage = 0; stage < 3; stage++, c *= 2, hw /= 4)
        {
            for (var e = 0; e < Nb201CellWiring.EdgeCount; e++)
            {
                foreach (var op in Nb201Operations.All)
                {
                    table[(e * Nb201Operations.All.Count) + (int)op] += options.CellsPerStage * OpFlops(op, c, hw);
                }
            }
        }

        return table;
    }

    /// <summary>
    /// Trainable parameters of the stand-alone network of <paramref name="genotype"/> (cell batch norms affine
    /// or not as <see cref="Nb201SupernetOptions.CellBatchNorm"/> says; the skeleton's are always affine).
    /// </summary>
    public static long ParameterCount(Nb201Genotype genotype, Nb201SupernetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long c = options.Channels;
        var total = (options.InputChannels * c * 9) + (2 * c);
        for (var stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                // conv_a 3x3 C -> 2C + BN, conv_b 3x3 2C -> 2C + BN, shortcut 1x1 C -> 2C.
                total += (c * 2 * c * 9) + (4 * c) + (2 * c * 2 * c * 9) + (4 * c) + (c * 2 * c);
                c *= 2;
            }

            for (var e = 0; e < Nb201CellWiring.EdgeCount; e++)
            {
                total += options.CellsPerStage * OpParameters(genotype[e], (int)c, options.CellBatchNorm.Affine);
            }
        }

        return total + (2 * c) + (c * options.Classes) + options.Classes;
    }

    /// <summary>Trainable parameters of one edge operation with <paramref name="channels"/> channels.</summary>
    public static long OpParameters(Nb201Operation op, int channels, bool affineBatchNorm)
    {
        long c = channels;
        var bn = affineBatchNorm ? 2 * c : 0;
        return op switch
        {
            Nb201Operation.NorConv1x1 => (c * c) + bn,
            Nb201Operation.NorConv3x3 => (c * c * 9) + bn,
            _ => 0,
        };
    }
}

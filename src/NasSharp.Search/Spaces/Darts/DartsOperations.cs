using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Operations;

namespace NasSharp.Search.Spaces.Darts;

/// <summary>Names and construction of the DARTS CNN operations (the OPS table of the DARTS code).</summary>
public static class DartsOperations
{
    private static readonly string[] Names =
        ["none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"];

    /// <summary>All eight operations in the paper's order.</summary>
    public static IReadOnlyList<DartsOperation> All { get; } = Enum.GetValues<DartsOperation>();

    /// <summary>The paper's name, e.g. "sep_conv_3x3".</summary>
    public static string Name(DartsOperation operation) =>
        (uint)operation < (uint)Names.Length ? Names[(int)operation] : throw new ArgumentOutOfRangeException(nameof(operation), operation, "DartsOperations: unknown operation.");

    /// <summary>The operation named <paramref name="name"/>; throws listing the valid names otherwise.</summary>
    public static DartsOperation Parse(string name) =>
        TryParse(name, out var operation) ? operation : throw new FormatException($"DartsOperations: unknown operation '{name}' (expected one of {string.Join(", ", Names)}).");

    public static bool TryParse(string? name, out DartsOperation operation)
    {
        var index = Array.IndexOf(Names, name);
        operation = (DartsOperation)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>
    /// The module of <paramref name="operation"/> on an edge with <paramref name="channels"/> channels in and out and
    /// the given stride (2 on a reduction cell's edges from its inputs). The search network uses
    /// <see cref="BatchNormOptions.NonAffine"/>; the DARTS search code also appends a non-affine BN to the pools
    /// inside its mixed op, which is the mixed op's business, not this table's.
    /// </summary>
    public static Module Create(DartsOperation operation, int channels, int stride, BatchNormOptions batchNorm, Random random) => operation switch
    {
        DartsOperation.None => new Zero(stride),
        DartsOperation.MaxPool3x3 => new MaxPool2d(3, stride, 1),
        DartsOperation.AvgPool3x3 => new AvgPool2d(3, stride, 1, countIncludePad: false),
        DartsOperation.SkipConnect => stride == 1 ? new Identity() : new FactorizedReduce(channels, channels, random, batchNorm),
        DartsOperation.SepConv3x3 => new SepConv(channels, channels, 3, stride, 1, random, batchNorm),
        DartsOperation.SepConv5x5 => new SepConv(channels, channels, 5, stride, 2, random, batchNorm),
        DartsOperation.DilConv3x3 => new DilConv(channels, channels, 3, stride, 2, 2, random, batchNorm),
        DartsOperation.DilConv5x5 => new DilConv(channels, channels, 5, stride, 4, 2, random, batchNorm),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "DartsOperations: unknown operation."),
    };
}

using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Operations;

namespace NasSharp.Search.Spaces;

/// <summary>Names and construction of the NAS-Bench-201 operations.</summary>
public static class Nb201Operations
{
    private static readonly string[] Names = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

    /// <summary>All five operations in the benchmark's order.</summary>
    public static IReadOnlyList<Nb201Operation> All { get; } = Enum.GetValues<Nb201Operation>();

    /// <summary>The benchmark's name, e.g. "nor_conv_3x3".</summary>
    public static string Name(Nb201Operation operation) =>
        (uint)operation < (uint)Names.Length ? Names[(int)operation] : throw new ArgumentOutOfRangeException(nameof(operation), operation, "Nb201Operations: unknown operation.");

    /// <summary>The operation named <paramref name="name"/>; throws listing the valid names otherwise.</summary>
    public static Nb201Operation Parse(string name) =>
        TryParse(name, out var operation) ? operation : throw new FormatException($"Nb201Operations: unknown operation '{name}' (expected one of {string.Join(", ", Names)}).");

    public static bool TryParse(string? name, out Nb201Operation operation)
    {
        var index = Array.IndexOf(Names, name);
        operation = (Nb201Operation)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>
    /// The module of <paramref name="operation"/> on a cell edge with <paramref name="channels"/> channels in and
    /// out, stride 1 (NAS-Bench-201 cells never change resolution; <see cref="ResidualReductionBlock"/> does).
    /// Pass <see cref="BatchNormOptions.BatchStatistics"/> for the weight-sharing supernets.
    /// </summary>
    public static Module Create(Nb201Operation operation, int channels, BatchNormOptions batchNorm, Random random) => operation switch
    {
        Nb201Operation.None => new Zero(),
        Nb201Operation.SkipConnect => new Identity(),
        Nb201Operation.NorConv1x1 => new ReluConvBn(channels, channels, 1, random, batchNorm: batchNorm),
        Nb201Operation.NorConv3x3 => new ReluConvBn(channels, channels, 3, random, batchNorm: batchNorm),
        Nb201Operation.AvgPool3x3 => new AvgPool2d(3, 1, 1, countIncludePad: false),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Nb201Operations: unknown operation."),
    };
}

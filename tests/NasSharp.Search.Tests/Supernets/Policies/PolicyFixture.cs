using NasSharp.NN.Layers;
using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Policies;

/// <summary>Tiny NB201 supernets (C = 4, one cell per stage, 3 classes, 8x8 inputs) for the policy tests.</summary>
internal static class PolicyFixture
{
    public static Nb201SupernetOptions Tiny { get; } = new(Channels: 4, CellsPerStage: 1, Classes: 3);

    /// <summary>Running-statistics batch norm (used in evaluation mode where a test needs a smooth, batch-independent loss).</summary>
    public static Nb201SupernetOptions TinySmooth { get; } = Tiny with { CellBatchNorm = BatchNormOptions.Default };

    public static Tensor Images(int seed, int count = 2) => Tensor.RandomNormal(new Random(seed), 0, 1, count, 3, 8, 8);

    public static Tensor Alpha(int seed, float scale = 0.5f)
    {
        var alpha = Tensor.Persistent(new TensorShape(6, 5));
        Tensor.RandomNormal(new Random(seed), 0, scale, 6, 5).Data.CopyTo(alpha.Data);
        return alpha.WithGrad();
    }

    /// <summary>Splits fixing every edge except <paramref name="open"/> to the given ops.</summary>
    public static List<SupernetSplit> AllBut(int open, Nb201Genotype fixedOps) =>
        Enumerable.Range(0, 6).Where(e => e != open).Select(e => new SupernetSplit(e, fixedOps[e])).ToList();

    /// <summary>The names of the candidate modules of cell 0 that received a non-zero gradient, as "edge:op".</summary>
    public static HashSet<string> TouchedCandidates(Nb201Supernet net)
    {
        var touched = new HashSet<string>();
        foreach (var p in net.NamedParameters())
        {
            var parts = p.Name.Split('.');
            if (p.Name.StartsWith("cells.0.edges.", StringComparison.Ordinal) && p.Tensor.Grad is { } g && g.ToArray().Any(v => v != 0))
            {
                touched.Add(parts[3] + ":" + parts[4]);
            }
        }

        return touched;
    }

    /// <summary>The convolution candidates that should be touched when <paramref name="path"/> runs.</summary>
    public static HashSet<string> ConvolutionsOf(Nb201Genotype path) =>
        Enumerable.Range(0, 6).Where(e => path[e] is Nb201Operation.NorConv1x1 or Nb201Operation.NorConv3x3)
            .Select(e => e + ":" + Nb201Operations.Name(path[e])).ToHashSet();
}

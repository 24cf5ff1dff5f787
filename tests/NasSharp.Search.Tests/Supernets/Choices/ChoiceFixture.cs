using NasSharp.NN.Layers;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Choices;

/// <summary>
/// Tiny supernets of every space for the policy tests (8x8 inputs, 3 classes, a few channels), their inputs, and
/// <see cref="ChoiceSpace"/>-indexed helpers so one test runs on several spaces.
/// </summary>
internal static class ChoiceFixture
{
    public static Nb201SupernetOptions Nb201 { get; } = new(Channels: 4, CellsPerStage: 1, Classes: 3);

    public static ChainSpaceOptions Chain { get; } = new() { StemChannels = 8, StageChannels = [16], StageLayers = [2], LastChannels = 16, Classes = 3, InputChannels = 1 };

    public static DartsNetworkOptions Darts { get; } = new(Channels: 2, Layers: 3, Classes: 3, InputChannels: 1, ImageSize: 8);

    /// <summary>
    /// A supernet of <paramref name="space"/>. <paramref name="smooth"/> gives NB201 running-statistics batch norm (the
    /// other spaces have it already): in evaluation mode the loss is then batch-independent and smooth enough for finite
    /// differences.
    /// </summary>
    public static ChoiceSupernet Supernet(ChoiceSpace space, IChoicePolicy policy, bool smooth = false, int seed = 0) => space switch
    {
        ChoiceSpace.Nb201 => new Nb201Supernet(smooth ? Nb201 with { CellBatchNorm = BatchNormOptions.Default } : Nb201, policy, new Random(seed)),
        ChoiceSpace.Chain => new ChainSupernet(Chain, policy, new Random(seed)),
        _ => new DartsSearchNetwork(Darts, policy, new Random(seed)),
    };

    /// <summary>The table shapes of <paramref name="space"/>.</summary>
    public static IReadOnlyList<(int Rows, int Choices)> Shapes(ChoiceSpace space) => space switch
    {
        ChoiceSpace.Nb201 => [(6, 5)],
        ChoiceSpace.Chain => [(2, 4)],
        _ => [(14, 8), (14, 8)],
    };

    /// <summary>A path of zeros (NB201 none, chain 3x3 block, DARTS none) of <paramref name="space"/>.</summary>
    public static int[][] ZeroPath(ChoiceSpace space) => [.. Shapes(space).Select(s => new int[s.Rows])];

    /// <summary>A batch of <paramref name="count"/> normal images of the space's channels.</summary>
    public static Tensor Images(ChoiceSpace space, int seed, int count = 2) =>
        Tensor.RandomNormal(new Random(seed), 0, 1, count, space == ChoiceSpace.Nb201 ? 3 : 1, 8, 8);

    /// <summary>Labels for <paramref name="count"/> images.</summary>
    public static int[] Labels(int count) => [.. Enumerable.Range(0, count).Select(i => (i * 2) % 3)];

    /// <summary>Cross-entropy of the supernet on the images of <paramref name="seed"/>.</summary>
    public static Tensor Loss(ChoiceSupernet supernet, ChoiceSpace space, int seed, int count = 2) =>
        Ops.CrossEntropy(supernet.Forward(Images(space, seed, count)), Labels(count));

    /// <summary>Softmax of one row of logits in double precision (the hand computation).</summary>
    public static double[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        var e = new double[logits.Length];
        for (var k = 0; k < e.Length; k++)
        {
            e[k] = Math.Exp(logits[k] - max);
        }

        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }
}

using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets;

public class Nb201SupernetTests
{
    private static readonly Nb201SupernetOptions Tiny = new(Channels: 4, CellsPerStage: 1, Classes: 3);

    private static Tensor Images(int seed) => Tensor.RandomNormal(new Random(seed), 0, 1, 2, 3, 8, 8);

    [Fact]
    public void Forward_UniformSampling_GivesLogitsAndGradientsOnlyOnSampledPath()
    {
        var policy = new UniformSamplingPolicy(new Random(1));
        var net = new Nb201Supernet(Tiny, policy, new Random(0));
        var loss = Ops.CrossEntropy(net.Forward(Images(2)), [0, 2]);
        loss.Backward();
        var path = policy.CurrentPath;
        foreach (var (name, tensor) in net.NamedParameters().Select(p => (p.Name, p.Tensor)))
        {
            if (!name.StartsWith("cells.0.edges.", StringComparison.Ordinal))
            {
                continue;
            }

            var edge = int.Parse(name.Split('.')[3], System.Globalization.CultureInfo.InvariantCulture);
            var opName = name.Split('.')[4];
            var used = Nb201Operations.Name(path[edge]) == opName;
            var touched = tensor.Grad != null && tensor.Grad.ToArray().Any(v => v != 0);
            Assert.True(!touched || used, $"{name} got a gradient but path is {path}");
        }
    }

    [Fact]
    public void FixedPath_SameGenotype_GivesSameOutputAsStandaloneEvaluationTwice()
    {
        var genotype = Nb201Genotype.Parse("|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_3x3~2|");
        var net = new Nb201Supernet(Tiny, new FixedPathPolicy(genotype), new Random(0));
        var a = net.Forward(Images(3)).ToArray();
        var b = net.Forward(Images(3)).ToArray();
        Assert.Equal(a, b);
    }

    [Fact]
    public void SubSupernet_CopiesParentWeights_AndRejectsArchitecturesOutsideItsSplit()
    {
        var parent = new Nb201Supernet(Tiny, new UniformSamplingPolicy(new Random(1)), new Random(0));
        var split = new SupernetSplit(0, Nb201Operation.NorConv3x3);
        var child = parent.CreateSubSupernet(split, new FixedPathPolicy(default), new Random(5));
        foreach (var (name, tensor) in parent.StateDict())
        {
            Assert.Equal(tensor.ToArray(), child.StateDict()[name].ToArray());
        }

        var inside = Nb201Genotype.Parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|");
        var outside = inside.WithOp(0, Nb201Operation.AvgPool3x3);
        Assert.True(child.Contains(inside));
        Assert.False(child.Contains(outside));
        child.Policy = new FixedPathPolicy(outside);
        var ex = Assert.Throws<ArgumentException>(() => child.Forward(Images(4)));
        Assert.Contains("outside this sub-supernet", ex.Message);
    }

    [Fact]
    public void SoftmaxWeighted_AlphaGradient_MatchesFiniteDifferences()
    {
        var alpha = Tensor.RandomNormal(new Random(7), 0, 0.5f, 6, 5);
        // Running-statistics batch norm in evaluation mode: with batch statistics some ReLU input lands within
        // the finite-difference step of its kink for these seeds, and the numeric estimate is then meaningless.
        var net = new Nb201Supernet(Tiny with { CellBatchNorm = NasSharp.NN.Layers.BatchNormOptions.Default }, new SoftmaxWeightedPolicy(alpha), new Random(0));
        net.Eval();
        var images = Images(5);
        var result = GradCheck.Run(_ => net.Forward(images), [alpha], epsilon: 1e-3);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void PathDropout_ZeroRate_EveryCandidateReceivesAGradient()
    {
        var net = new Nb201Supernet(Tiny, new PathDropoutPolicy(new Random(1), 0.0), new Random(0));
        var loss = Ops.CrossEntropy(net.Forward(Images(6)), [1, 1]);
        loss.Backward();
        var convGrads = net.NamedParameters().Where(p => p.Name.StartsWith("cells.0.edges.", StringComparison.Ordinal)).ToList();
        Assert.All(convGrads, p => Assert.NotNull(p.Tensor.Grad));
    }
}

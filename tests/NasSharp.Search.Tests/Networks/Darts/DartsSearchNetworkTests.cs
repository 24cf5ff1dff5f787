using NasSharp.NN.Optimization;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks.Darts;

[Collection(nameof(PoolSensitive))]
public class DartsSearchNetworkTests
{
    private static readonly DartsNetworkOptions Tiny = new(Channels: 4, Layers: 3, Classes: 3, InputChannels: 1, ImageSize: 8);

    [Fact]
    public void PathOf_GenotypeOf_RoundTrip()
    {
        var path = DartsSearchNetwork.PathOf(DartsGenotype.DartsV2);
        Assert.Equal(8, path[0].Count(k => k != 0));
        Assert.Equal(DartsGenotype.DartsV2.Normal.ToHashSet(), DartsSearchNetwork.GenotypeOf(path).Normal.ToHashSet());
    }

    [Fact]
    public void Forward_Softmax_GivesLogitsAndGradientsForBothTables()
    {
        var tables = new ChoiceTables([(14, 8), (14, 8)], new Random(1), 0.5f);
        var network = new DartsSearchNetwork(Tiny, new SoftmaxChoicePolicy(tables), new Random(0));
        var logits = network.Forward(Tensor.RandomNormal(new Random(2), 0, 1, 2, 1, 8, 8));
        Assert.Equal(new TensorShape(2, 3), logits.Shape);
        Ops.CrossEntropy(logits, [0, 2]).Backward();
        Assert.All(tables.Tables, t => Assert.Contains(t.Grad!.ToArray(), v => v != 0));
    }

    [Fact]
    public void Forward_AllNonePath_GivesZeroNodesAndStillRuns()
    {
        var network = new DartsSearchNetwork(Tiny, new FixedChoicePolicy([new int[14], new int[14]]), new Random(0));
        var logits = network.Forward(Tensor.RandomNormal(new Random(3), 0, 1, 2, 1, 8, 8));
        Assert.Equal(new TensorShape(2, 3), logits.Shape);
        Assert.True(network.PathFlops([new int[14], new int[14]], 8) < network.PathFlops(DartsSearchNetwork.PathOf(DartsGenotype.DartsV1), 8));
        Assert.True(network.MixedFlops(8) > network.PathFlops(DartsSearchNetwork.PathOf(DartsGenotype.DartsV1), 8));
    }

    [Fact]
    public void TrainingStep_FixedSoftmaxWeightsAfterWarmUp_AllocatesUnderBoundOnCallingThread()
    {
        // The bench's darts-space step on a tiny network (3 cells, 42 mixed edges of 7 computed operations): before
        // the per-node allocation work a step allocated ~920 KB, ~330 KB after. Storage is pooled,
        // so what is left is graph objects (tensors, nodes, input arrays); the bound catches a per-node regression.
        var random = new Random(0);
        var tables = new ChoiceTables([(14, 8), (14, 8)], random);
        foreach (var table in tables.Tables)
        {
            table.RequiresGrad = false;
        }

        var network = new DartsSearchNetwork(Tiny, new SoftmaxChoicePolicy(tables), random);
        var optimizer = new Sgd(network.Parameters(), 0.025f, momentum: 0.9f, weightDecay: 5e-4f, nesterov: true);
        var images = Tensor.RandomNormal(random, 0, 1, 2, 1, 8, 8);
        void Step()
        {
            using var scope = new TensorScope();
            var loss = Ops.CrossEntropy(network.Forward(images), [0, 2]);
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
        }

        Step();
        Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 3; i++)
        {
            Step();
        }

        var perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 3;
        Assert.True(perStep < 500_000, $"a warm step allocated {perStep} bytes on the calling thread");
    }
}

using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks.Darts;

public class DartsNetworkTests
{
    private static readonly DartsNetworkOptions Small = new(Channels: 4, Layers: 5, Classes: 3, InputChannels: 1, Auxiliary: true, ImageSize: 12);

    [Fact]
    public void Forward_Training_GivesLogitsAndAuxiliaryLogitsAndGradients()
    {
        var network = new DartsNetwork(DartsGenotype.DartsV2, Small, new Random(0)) { DropPathProbability = 0.2f };
        var images = Tensor.RandomNormal(new Random(1), 0, 1, 4, 1, 12, 12);
        var logits = network.Forward(images);
        Assert.Equal(new TensorShape(4, 3), logits.Shape);
        Assert.Equal(new TensorShape(4, 3), network.AuxiliaryLogits!.Shape);

        var loss = Ops.Add(Ops.CrossEntropy(logits, [0, 1, 2, 0]), Ops.Scale(Ops.CrossEntropy(network.AuxiliaryLogits, [0, 1, 2, 0]), 0.4f));
        loss.Backward();
        Assert.All(network.NamedParameters(), p => Assert.NotNull(p.Tensor.Grad));
    }

    [Fact]
    public void Forward_Evaluation_HasNoAuxiliaryOutputAndIgnoresDropPath()
    {
        var network = new DartsNetwork(DartsGenotype.DartsV1, Small with { Auxiliary = false }, new Random(0)) { DropPathProbability = 0.5f };
        network.Eval();
        var images = Tensor.RandomNormal(new Random(2), 0, 1, 2, 1, 12, 12);
        Assert.Equal(network.Forward(images).ToArray(), network.Forward(images).ToArray());
        Assert.Null(network.AuxiliaryLogits);
    }

    [Fact]
    public void Cells_ReductionsAtOneAndTwoThirds()
    {
        var network = new DartsNetwork(DartsGenotype.DartsV2, new DartsNetworkOptions(Channels: 4, Layers: 8, ImageSize: 8), new Random(0));
        var reductions = network.NamedChildren().Single(c => c.Name == "cells").Module.NamedChildren().Select(c => ((DartsCell)c.Module).Reduction).ToList();
        Assert.Equal([false, false, true, false, false, true, false, false], reductions);
    }

    [Fact]
    public void DropPath_ZeroesWholeSamplesAndRescalesTheRest()
    {
        var x = Tensor.Ones(200, 2, 2, 2);
        var y = DropPath.Apply(x, 0.25f, new Random(3)).ToArray();
        var samples = Enumerable.Range(0, 200).Select(n => y.Skip(n * 8).Take(8).Distinct().Single()).ToList();
        Assert.All(samples, v => Assert.True(v == 0f || Math.Abs(v - (1 / 0.75f)) < 1e-6));
        Assert.InRange(samples.Count(v => v == 0f), 30, 70);
    }
}
